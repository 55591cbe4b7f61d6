"""The debrief's pages, rendered on the course's side from :func:`service.debrief.room` (one renderer for the live
page, the projector and the saved report, so the three always agree).

- the **live page** (coach): every moment in case order, how the room chose, who waits where; it asks the service
  every two seconds whether anything changed and swaps in the new moments without a reload;
- the **projector** (the room): no names at all (its data carries none), large type, one moment at a time with
  previous and next, options in the author's order, and a switch that reveals the practice model's choice and
  its reason, so the coach can ask the room first;
- the **report** (``casework report debrief``): the same view as one HTML file, its plot inside.
"""

from __future__ import annotations

import json
from html import escape
from typing import Optional

REFRESH_MS = 2000

STYLE = """
:root { --ink: #1b1b1b; --muted: #555; --bar: #0072b2; --model: #009e73; --split: #d55e00; --line: #ccc; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 1.2em 2em;
  line-height: 1.4; }
h1 { font-size: 1.5em; margin: 0 0 0.2em 0; } h2 { font-size: 1.2em; margin: 0.2em 0; }
.meta { color: var(--muted); }
.moment { border: 1px solid var(--line); border-radius: 6px; padding: 0.6em 1em; margin: 0.8em 0; }
.moment.split { border: 2px solid var(--split); }
.moment .tag { font-size: 0.85em; color: var(--muted); }
.moment .splitnote { color: var(--split); font-weight: 600; }
.options { list-style: none; padding: 0; margin: 0.4em 0; }
.options li { margin: 0.35em 0; }
.bar { display: inline-block; height: 0.9em; background: var(--bar); vertical-align: middle; margin-right: 0.4em;
  min-width: 2px; }
.count { font-weight: 700; display: inline-block; min-width: 2.2em; }
.names { color: var(--muted); font-size: 0.85em; }
.model-mark { color: var(--model); font-weight: 700; }
.reason { color: var(--muted); font-size: 0.9em; }
.waiting { font-size: 0.9em; }
.waiting b { color: var(--split); }
table.futures { border-collapse: collapse; margin: 0.5em 0; }
table.futures th, table.futures td { border: 1px solid var(--line); padding: 0.25em 0.6em; text-align: left;
  vertical-align: top; }
.hidden { display: none; }
"""

PROJECTOR_STYLE = """
body { font-size: 26px; margin: 1em 2em; padding-bottom: 5.5em; }
.slide { display: none; } .slide.current { display: block; }
.moment { border: none; }
.options li { margin: 0.6em 0; }
.bar { height: 1em; }
.controls { position: fixed; bottom: 0; left: 0; right: 0; padding: 0.4em 1em; font-size: 18px; text-align: right;
  background: #fff; border-top: 1px solid var(--line); }
.controls button, .controls label { font-size: 18px; margin-left: 0.4em; }
body.reveal-off .model-mark { visibility: hidden; } body.reveal-off .reason { display: none; }
"""


def _pct(n: int, of: int) -> str:
    return f"{100 * n / of:.0f}%" if of else "0%"


def moment_html(m: dict, names: bool, split: bool, model: bool = True) -> str:
    """One moment: the situation, the options in the author's order with the room's counts, who waits there."""
    base = max(m["decided"], 1)
    rows = []
    for o in m["options"]:
        width = 12 * o["count"] / base
        mark = " <span class='model-mark' title=\"the practice model's choice\">&#9733; practice model</span>" \
            if model and o.get("model") else ""
        reason = f"<div class='reason'>{escape(o['reason'])}</div>" if model and o.get("model") and o.get("reason") else ""
        who = (f" <span class='names'>{escape(', '.join(o['names']))}</span>"
               if names and o.get("names") else "")
        rows.append(f"<li data-option='{escape(o['id'])}'><span class='count'>{o['count']}</span>"
                    f"<span class='bar' style='width:{width:.2f}em'></span>{escape(o['label'])}{mark}{who}{reason}</li>")
    waiting = ""
    if names and m.get("waiting"):
        people = ", ".join(f"{escape(w['trainee'])}"
                           + (f" ({w['minutes']:g} min)" if w.get("minutes") is not None else "") for w in m["waiting"])
        waiting = f"<p class='waiting'><b>Waiting here:</b> {people}</p>"
    elif not names and m.get("waiting"):
        waiting = f"<p class='waiting'><b>{m['waiting']}</b> still deciding here</p>"
    kind = " (choose all that apply)" if m["kind"] == "multiple" else ""
    split_note = ("<p class='splitnote'>Where the room split most.</p>" if split else "")
    off = f", {m['off_path']} whose case went another way" if m["off_path"] else ""
    return (f"<section class='moment{' split' if split else ''}' id='moment-{escape(m['id'])}' "
            f"data-moment='{escape(m['id'])}' data-decided='{m['decided']}'>"
            f"<h2>{escape(m['title'])}</h2>"
            f"<p class='tag'>Week {m['week']:g} &middot; {escape(m['practice'])} &middot; reached by {m['reached']}, "
            f"decided by <span class='decided'>{m['decided']}</span>{off}</p>{split_note}"
            + (f"<p>{escape(m['situation'])}</p>" if m.get("situation") else "")
            + f"<p><b>{escape(m['prompt'])}</b>{kind}</p><ul class='options'>{''.join(rows)}</ul>{waiting}</section>")


def moments_html(state: dict, names: bool, model: bool = True) -> str:
    return "".join(moment_html(m, names, m["id"] == state.get("most_split"), model) for m in state["moments"])


def futures_html(futures: Optional[dict], plot: str = "") -> str:
    """Where the room's plans lead, beside the practice model's plan."""
    if not futures or not futures.get("groups"):
        return "<p class='meta'>No plan is decided to its end yet.</p>"
    from curriculum.toolkit.futures import label

    measures = list(futures["groups"][0]["summary"])
    head = "".join(f"<th>{escape(label(k))}</th>" for k in measures)
    rows = []
    for g in futures["groups"]:
        chose = "<br>".join(f"{escape(c['moment'])}: {escape('; '.join(c['chose']))}" for c in g["choices"])
        cells = "".join(f"<td>{_fmt(k, g['summary'][k])}</td>" for k in measures)
        rows.append(f"<tr><td>{g['trainees']}</td><td>{chose}</td>{cells}</tr>")
    if futures.get("model"):
        cells = "".join(f"<td>{_fmt(k, futures['model'].get(k))}</td>" for k in measures)
        rows.append(f"<tr class='model-row'><td>&#9733;</td><td><span class='model-mark'>The practice model's plan"
                    f"</span></td>{cells}</tr>")
    grouped = ", ".join(escape(t) for t in futures.get("grouped_by", []))
    return (f"<p class='meta'>Trainees who chose alike at the moments where the room split most ({grouped}) are one "
            "row; each plan played 100 times, as the trainee saw it.</p>"
            f"<table class='futures'><tr><th>Trainees</th><th>The plan</th>{head}</tr>{''.join(rows)}</table>{plot}")


def _fmt(measure: str, value) -> str:
    from curriculum.toolkit.futures import show

    return show(measure, value)


def _header(state: dict, live: bool) -> str:
    return (f"<h1>Debrief: {escape(state['title'])}</h1>"
            f"<p class='meta'><span class='trainees'>{state['trainees']}</span> trainees, "
            f"<span class='finished'>{state['finished']}</span> decided to the end"
            + (" &middot; <span id='updated'>live</span>" if live else f" &middot; {escape(state['at'])}") + "</p>")


def live_page(state: dict, api: str, projector: str) -> str:
    """The coach's live page; ``api`` answers with the moments' HTML when the room changed."""
    script = f"""
<script>
(function () {{
  var version = {json.dumps(state.get('version', 0))};
  async function poll() {{
    try {{
      var r = await fetch({json.dumps(api)} + '?since=' + version, {{credentials: 'same-origin'}});
      if (r.status === 200) {{
        var data = await r.json();
        version = data.version;
        document.getElementById('moments').innerHTML = data.html;
        document.getElementById('summary').innerHTML = data.summary;
      }}
      document.getElementById('updated').textContent = (r.status === 200 || r.status === 204)
        ? 'live, checked ' + new Date().toLocaleTimeString()
        : 'not live: the service refused this page (' + r.status + '); sign in again and reload';
    }} catch (e) {{
      document.getElementById('updated').textContent = 'the service does not answer; trying again';
    }}
    setTimeout(poll, {REFRESH_MS});
  }}
  setTimeout(poll, {REFRESH_MS});
}})();
</script>"""
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Debrief: {escape(state['title'])}"
            f"</title><style>{STYLE}</style></head><body>"
            f"<div id='summary'>{_header(state, True)}</div>"
            f"<p><a href='{escape(projector)}'>Open the projector view</a> (no names) &middot; "
            f"the practice model's choice is marked &#9733; here, for you</p>"
            f"<div id='moments'>{moments_html(state, names=True)}</div>{script}</body></html>")


def projector_page(state: dict, api: str, futures_api: str) -> str:
    """The room's view: no names, one moment at a time, reveal the practice model's choice when ready."""
    slides = projector_slides(state)
    script = f"""
<script>
(function () {{
  var current = 0, version = {json.dumps(state.get('version', 0))};
  function slides() {{ return document.querySelectorAll('.slide'); }}
  function show(i) {{
    var all = slides(); if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, i));
    all.forEach(function (s, n) {{ s.classList.toggle('current', n === current); }});
    document.getElementById('where').textContent = (current + 1) + ' of ' + all.length;
  }}
  document.getElementById('prev').onclick = function () {{ show(current - 1); }};
  document.getElementById('next').onclick = function () {{ show(current + 1); }};
  document.getElementById('split').onclick = function () {{
    var s = document.querySelector('.slide .moment.split');
    if (s) show(Number(s.parentNode.dataset.index));
  }};
  document.getElementById('reveal').onchange = function (e) {{
    document.body.classList.toggle('reveal-off', !e.target.checked);
  }};
  document.getElementById('plans').onclick = async function () {{
    var box = document.getElementById('futures');
    box.innerHTML = '<p>Playing the room\\'s plans ...</p>';
    var r = await fetch({json.dumps(futures_api)}, {{credentials: 'same-origin'}});
    box.innerHTML = r.status === 200 ? (await r.json()).html : '<p>Could not play the plans.</p>';
    box.scrollIntoView();
  }};
  document.addEventListener('keydown', function (e) {{
    if (e.key === 'ArrowRight' || e.key === 'PageDown') show(current + 1);
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') show(current - 1);
  }});
  async function poll() {{
    try {{
      var r = await fetch({json.dumps(api)} + '?since=' + version, {{credentials: 'same-origin'}});
      if (r.status === 200) {{
        var data = await r.json();
        version = data.version;
        document.getElementById('slides').innerHTML = data.html;
        document.getElementById('summary').innerHTML = data.summary;
        show(current);
      }}
    }} catch (e) {{}}
    setTimeout(poll, {REFRESH_MS});
  }}
  show(0);
  setTimeout(poll, {REFRESH_MS});
}})();
</script>"""
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>The room: {escape(state['title'])}"
            f"</title><style>{STYLE}{PROJECTOR_STYLE}</style></head><body class='reveal-off'>"
            f"<div id='summary'>{_header(state, True)}</div><div id='slides'>{slides}</div>"
            f"<div id='futures'></div>"
            "<div class='controls'><button id='prev' aria-label='Previous moment'>&larr; Previous</button>"
            "<span id='where'></span><button id='next' aria-label='Next moment'>Next &rarr;</button>"
            "<button id='split'>Where the room split most</button>"
            "<label><input type='checkbox' id='reveal'> Reveal the practice model's choice</label>"
            "<button id='plans'>Where the room's plans lead</button></div>"
            f"{script}</body></html>")


def projector_slides(state: dict) -> str:
    """The projector's moments, one slide each (no names: pass the anonymous room)."""
    return "".join(f"<div class='slide' data-index='{i}'>{moment_html(m, False, m['id'] == state.get('most_split'))}"
                   "</div>" for i, m in enumerate(state["moments"]))


def summary_html(state: dict) -> str:
    return _header(state, True)


def report_page(state: dict, futures: Optional[dict], plot: str = "") -> str:
    """The debrief as one HTML file to keep after the session (names included: it is the coach's record)."""
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Debrief: {escape(state['title'])}"
            f"</title><style>{STYLE}</style></head><body>{_header(state, False)}"
            f"<h2>Moment by moment</h2>{moments_html(state, names=True)}"
            f"<h2>Where the room's plans lead</h2>{futures_html(futures, plot)}</body></html>")


def futures_plot(futures: Optional[dict]) -> str:
    """The room's plans beside the practice model's, as an inline picture (with its text alternative)."""
    if not futures or not futures.get("groups"):
        return ""
    import base64
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from curriculum.toolkit.futures import SHARES, label as measure_label

    measures = [k for k in futures["groups"][0]["summary"] if k in SHARES]
    rows = [(f"{g['trainees']} trainee{'s' if g['trainees'] != 1 else ''} (plan {n + 1})", g["summary"])
            for n, g in enumerate(futures["groups"][:8])]
    if futures.get("model"):
        rows.append(("the practice model's plan", futures["model"]))
    fig, ax = plt.subplots(figsize=(9, 0.9 + 0.55 * len(rows) * len(measures) / 2))
    colours = ["#0072b2", "#e69f00", "#d55e00", "#cc79a7"]
    height = 0.8 / len(measures)
    for i, measure in enumerate(measures):
        ax.barh([r + i * height for r in range(len(rows))], [100 * s.get(measure, 0) for _, s in rows],
                height=height, color=colours[i % len(colours)], label=measure_label(measure))
    ax.set_yticks([r + 0.4 - height / 2 for r in range(len(rows))], [label for label, _ in rows], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("share of 100 simulated futures (%)")
    ax.set_xlim(0, 100)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    alt = "; ".join(f"{label}: " + ", ".join(f"{measure_label(m)} {100 * s.get(m, 0):.0f}%" for m in measures)
                    for label, s in rows)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img src='data:image/png;base64,{data}' alt='{escape(alt)}' style='max-width:100%'>"


def write_report(course, assignment: str, out_dir) -> "Path":
    """``casework report debrief``: the debrief of an assignment as one HTML file (plots inside), read from the
    course's record after the session."""
    from pathlib import Path

    from .cases import CaseService
    from .store import Store

    store = Store.for_course(course)
    try:
        service = CaseService(course, store)
        state = service.debrief(assignment)
        futures = service.room_futures(assignment)
    finally:
        store.close()
    path = Path(out_dir) / "debrief" / f"{assignment}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_page(state, futures, futures_plot(futures)), encoding="utf-8")
    return path
