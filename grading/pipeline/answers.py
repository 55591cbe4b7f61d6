"""Trainees' written answers made safe for the HTML coaches and trainees read them in.

nbgrader's formgrader and the feedback HTML render markdown cells with raw HTML
passing through, so an answer holding ``<img src=x onerror=...>`` or a
``javascript:`` link would run in the coach's browser. :func:`sanitise_markdown`
leaves ordinary markdown alone and turns anything else into allow-listed HTML;
:class:`SanitiseAnswers` applies it to the answers in a notebook as an nbgrader
step. Markdown is rendered with mistune (the renderer nbconvert uses) and
cleaned with nh3.
"""

from __future__ import annotations

import html
import re

import mistune
import nh3
from nbgrader.preprocessors import NbGraderPreprocessor

URL_SCHEMES = frozenset({"http", "https", "mailto"})
TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "b", "i", "del", "ul", "ol", "li", "blockquote", "code", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "a",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
})
# elements dropped with everything inside them, not only their tags
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "embed", "noscript"})

_PLUGINS = ["table", "strikethrough"]
_to_tokens = mistune.create_markdown(renderer=None, plugins=_PLUGINS)
_to_html = mistune.create_markdown(escape=False, plugins=_PLUGINS)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# link destinations and reference definitions as written, in case another markdown parser reads more links
_INLINE_URL = re.compile(r"\]\s*\(\s*<?([^)>\s]*)")
_REFERENCE_URL = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S*)", re.MULTILINE)


def escape_html(text: str) -> str:
    """Author or comment-bank text as HTML text (quotes escaped too, so it is safe in attributes)."""
    return html.escape(text, quote=True)


def _safe_url(url: str) -> bool:
    """A relative URL, or one whose scheme is http, https or mailto (read as a browser would)."""
    # browsers decode entities and ignore tabs, newlines and control characters inside a scheme
    bare = "".join(ch for ch in html.unescape(url) if ch > " " and ch != "\x7f")
    match = _SCHEME.match(bare)
    return match is None or match.group(1).lower() in URL_SCHEMES


def _urls(tokens) -> list[str]:
    out = []
    for token in tokens:
        if token.get("type") in ("link", "image"):
            out.append(token.get("attrs", {}).get("url", ""))
        out += _urls(token.get("children") or [])
    return out


def _needs_cleaning(text: str) -> bool:
    if "<" in text:
        return True
    urls = _urls(_to_tokens(text)) + _INLINE_URL.findall(text) + _REFERENCE_URL.findall(text)
    return not all(_safe_url(u) for u in urls)


def sanitise_markdown(text: str) -> str:
    """A trainee's markdown answer, safe to render with raw HTML passing through.

    Text without raw HTML and without a link or image to a scheme other than
    http, https or mailto comes back unchanged (so nbgrader's checksum of an
    untouched answer cell stays the same). Anything else is rendered to HTML
    (mistune) and cleaned to an allow-list (nh3): scripts, event handlers,
    ``style`` attributes, images and other schemes are dropped, the text stays.
    The result is one HTML block, still valid markdown, that renders the same text.
    """
    if not _needs_cleaning(text):
        return text
    cleaned = nh3.clean(
        _to_html(text),
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"a": {"href"}},
        url_schemes=set(URL_SCHEMES),
    )
    # a blank line would end the HTML block and let markdown read the rest again: keep the
    # newlines of code as character references and drop blank lines elsewhere (only whitespace there)
    cleaned = re.sub(r"<pre>.*?</pre>", lambda m: m.group(0).replace("\n", "&#10;"), cleaned, flags=re.DOTALL)
    body = re.sub(r"\n\s*\n", "\n", cleaned).strip()
    # one wrapper, so text left bare by a removed tag is never read as markdown again
    return f"<div>\n{body}\n</div>" if body else ""


class SanitiseAnswers(NbGraderPreprocessor):
    """Make the trainee-written markdown in a notebook safe to show as HTML.

    Applies :func:`sanitise_markdown` to the source of every markdown cell that
    is an nbgrader solution (a written answer) and of every other markdown cell
    that is not locked (a trainee could have written or changed it). Outputs and
    code cells are left as they are.
    """

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution") or not meta.get("locked"):
                cell.source = sanitise_markdown(cell.source)
        return nb, resources
