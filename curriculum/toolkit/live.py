"""What a notebook keeps of a widget: a static copy of it beside the live one, and keys that reach the widget.

Widget state is not saved with a notebook, so a reopened notebook cannot draw a
widget until its cell runs again (JupyterLab shows "Error displaying widget:
model not found"). Each widget the toolkit shows is therefore preceded by a
plain HTML output, kept up to date from the kernel (``update_display_data``), that
shows the same thing without a widget and says to run the cell to change it.
While the widget is live, a CSS rule hides the copy; once the widget is gone
(the notebook reopened), the copy shows and the "model not found" line is hidden.
The copy holds only what the trainee saw on the page: never an answer key.

The copy also carries a small script so that arrow keys, Home, End and Space on a
choice or slider of the toolkit change it: JupyterLab's command mode binds the
arrow keys to moving between cells (a radio button is not ``:read-write``, so the
notebook never goes "read-write" for it). JupyterLab 4 listens for keys when they
bubble up to the document; the script stops those keys at ``document.body`` when
they come from an element inside ``.casework-keys``, after the control has had
them, so every other shortcut (Shift+Enter, Ctrl+S, Escape) still works. ipywidgets'
radio buttons carry no shared ``name``, so the browser would not move between them:
the script moves the choice itself (a click on the next option), and moves the focus
between the boxes of a multiple-choice decision.

Run All ends where the trainee left off: JupyterLab ends a run on its last cell (the
bottom of the page). The kernel knows a cell runs as part of a run of cells (it starts
within moments of the one before: Run All, not a cell run on its own, see
:func:`in_a_run`); then the copy of the first decision still to make carries a script
that waits until the notebook's kernel is idle and scrolls that decision
(``.casework-next``) into view.
"""

from __future__ import annotations

import time
from typing import Optional

from IPython.display import HTML, display

LIVE_CLASS = "casework-live"  # on the root of every live toolkit widget
KEYS_CLASS = "casework-keys"  # on controls whose arrow keys are theirs, not the notebook's
NEXT_CLASS = "casework-next"  # on the first decision still to make: where Run All ends

# (":has()" cannot nest, so the "model not found" line, a widget output with text and no element, is found
# as a later sibling of the copy)
STYLE = """<style>
.jp-OutputArea:has(.casework-live) .casework-fallback { display: none; }
.jp-OutputArea-child:has(.casework-fallback) ~ .jp-OutputArea-child .jupyter-widgets:not(:has(*)) { display: none; }
.casework-fallback { border: 1px dashed var(--jp-border-color1, #999); border-radius: 4px; padding: 0.3em 0.8em; }
.casework-fallback .casework-rerun { font-style: italic; }
.casework-fallback ul.casework-options { list-style: none; padding-left: 0.5em; }
</style>"""

KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", " "]

SCRIPT = """<script>
(function () {
  if (window.caseworkKeys) { return; }
  window.caseworkKeys = true;
  var keys = %s;
  var next = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1};
  function enabled(scope, selector) {
    return Array.prototype.slice.call(scope.querySelectorAll(selector)).filter(function (e) { return !e.disabled; });
  }
  document.body.addEventListener('keydown', function (event) {
    var target = event.target;
    var area = target && target.closest ? target.closest('.%s') : null;
    if (!area || event.ctrlKey || event.metaKey || event.altKey || keys.indexOf(event.key) < 0) { return; }
    event.stopPropagation();  // the control's key, not the notebook's
    var radio = target.matches('input[type="radio"]'), box = target.matches('input[type="checkbox"]');
    if (!radio && !box) { return; }
    var group = radio ? enabled(area, 'input[type="radio"]')
      : enabled(target.closest('.casework-decision') || area, '.%s input[type="checkbox"]');
    var i = group.indexOf(target), n = group.length, j = null;
    if (i < 0 || !n) { return; }
    if (event.key in next) { j = (i + next[event.key] + n) %% n; }
    else if (event.key === 'Home') { j = 0; }
    else if (event.key === 'End') { j = n - 1; }
    if (j === null) { return; }
    event.preventDefault();
    group[j].focus();
    // ipywidgets' radio buttons share no name, so the browser does not move the choice: do it as a click would
    if (radio && !group[j].checked) { group[j].click(); }
  });
})();
</script>""" % (repr(KEYS).replace("'", '"'), KEYS_CLASS, KEYS_CLASS)

# Run All ends at the first decision still to make: once no notebook's kernel is busy (JupyterLab has then
# scrolled to the last cell), the decision marked casework-next scrolls into view
RUN_END_SCRIPT = """<script>
(function () {
  if (window.caseworkRunEnd) { clearInterval(window.caseworkRunEnd); }
  function busy() {
    return Array.prototype.filter.call(document.querySelectorAll('.jp-Notebook-ExecutionIndicator'),
      function (e) { return e.offsetParent !== null && e.getAttribute('data-status') !== 'idle'; }).length;
  }
  var quiet = 0, ticks = 0;
  window.caseworkRunEnd = setInterval(function () {
    ticks += 1;
    quiet = busy() ? 0 : quiet + 1;
    if (quiet < 4 && ticks < 2400) { return; }
    clearInterval(window.caseworkRunEnd);
    window.caseworkRunEnd = null;
    var next = Array.prototype.filter.call(document.querySelectorAll('.%s'),
      function (e) { return e.offsetParent !== null; })[0];
    if (next && quiet >= 4) { next.scrollIntoView({block: 'center'}); }
  }, 250);
})();
</script>""" % NEXT_CLASS

RUN_GAP = 0.5  # seconds between one cell's end and the next one's start, at most, in a run of cells
_timing = {"ended": None, "in_a_run": False}


def _cell_started(*_args) -> None:
    ended = _timing["ended"]
    _timing["in_a_run"] = ended is not None and time.monotonic() - ended <= RUN_GAP


def _cell_ended(*_args) -> None:
    _timing["ended"] = time.monotonic()


def watch_runs() -> None:
    """Note when each cell starts and ends (once per kernel), for :func:`in_a_run`."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "_casework_runs", False):
        return
    shell.events.register("pre_run_cell", _cell_started)
    shell.events.register("post_run_cell", _cell_ended)
    shell._casework_runs = True


def in_a_run() -> bool:
    """True while a cell runs right after another (Run All, Run All Above, Restart and Run All), not on its own."""
    return _timing["in_a_run"]


RERUN = ("This is what you saved. The notebook was reopened, so the controls are not running: run this cell "
         "(or Run, then Run All Cells) to change it.")


def fallback_html(body: str, rerun: str = RERUN, run_end: bool = False) -> str:
    """The static copy of a widget: ``body`` (what the widget shows) and the note to run the cell (and, with
    ``run_end``, the script that ends a run of cells at the first decision still to make)."""
    return (STYLE + SCRIPT + (RUN_END_SCRIPT if run_end else "") + "<div class='casework-fallback'>"
            f"<p class='casework-rerun'><small>{rerun}</small></p>{body}</div>")


class Fallback:
    """The static copy of one widget in the notebook, updated whenever the widget changes."""

    def __init__(self, body: str, rerun: str = RERUN, run_end: bool = False):
        self.rerun = rerun
        self.body = body
        # only a kernel's front end keeps outputs; a plain Python caller (a script, a test) gets no copy
        self.handle = (display(HTML(fallback_html(body, rerun, run_end)), display_id=True) if in_kernel()
                       else None)

    def update(self, body: str) -> None:
        if body == self.body or self.handle is None:
            return
        self.body = body
        self.handle.update(HTML(fallback_html(body, self.rerun)))


def in_kernel() -> bool:
    """True in a Jupyter kernel (where outputs reach a notebook)."""
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def shown_with_fallback(widget, body: str, rerun: str = RERUN, run_end: bool = False) -> Optional[Fallback]:
    """Mark ``widget`` live and put its static copy in the cell's output, just before it (with ``run_end``, the
    script that ends a run of cells on it)."""
    widget.add_class(LIVE_CLASS)
    return Fallback(body, rerun, run_end)
