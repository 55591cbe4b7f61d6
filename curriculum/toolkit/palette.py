"""One colour for one meaning, in every plot of the toolkit.

The colours are Okabe and Ito's palette for colour-blind readers (safe for the
common forms of colour blindness, and distinct in grey when the line styles
are kept too). A meaning keeps its colour from one plot to the next, and no
two meanings share one: stress is never the colour of an incident, a closure
never the colour of protective capacity. Plots also say what each colour
means in a legend or in words, so nothing depends on colour alone.
"""

from __future__ import annotations

# Okabe & Ito (2008), "Color universal design"
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#7F7F7F"
LIGHT_GREY = "#BBBBBB"

# what each colour means, wherever it appears
ENGAGEMENT = BLUE
PROTECTIVE_CAPACITY = BLUISH_GREEN
SAFETY_PLAN = SKY_BLUE
STRESS = ORANGE
INCIDENT = VERMILLION
PLACEMENT = REDDISH_PURPLE  # the child lives away from home (a band on the timeline)
CLOSURE = BLACK
NOT_YET = LIGHT_GREY  # weeks of the case still to come
FUTURES = GREY  # bars of simulated futures: every plan's panel the same colour, told apart by its title
INK = "#222222"  # text, outlines, a connection with no quality of its own
MUTED = GREY

MEANINGS = {
    "engagement": ENGAGEMENT,
    "protective capacity": PROTECTIVE_CAPACITY,
    "safety plan": SAFETY_PLAN,
    "stress": STRESS,
    "safety incident": INCIDENT,
    "child in care": PLACEMENT,
    "case closed": CLOSURE,
    "weeks still to come": NOT_YET,
    "simulated futures": FUTURES,
}
