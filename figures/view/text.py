"""Untrusted article text made inert for the page: markdown escaping, web addresses that may be linked,
and the article viewer's highlighted HTML. (Charts escape for their own medium: figures.view.charts.)
"""

import html
import re
from collections.abc import Mapping, Sequence

# Every character that markdown, Streamlit's directives (":red[...]") or its math ("$x$") give a meaning,
# backslash-escaped: as a str.translate table, escaping a whole page of text costs next to nothing.
MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:"})


def md_escape(text: str) -> str:
    """Text made inert for st.markdown: no links, images, emphasis, HTML or math from article text."""
    return (text or "").translate(MARKDOWN)


def safe_url(url: str) -> str:
    """The URL if it is http(s), else "": other schemes (javascript:, data:) are never linked."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url, flags=re.IGNORECASE) else ""


def quote_spans(text: str, quotes: Mapping[str, str]) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Where each figure's quote first occurs in `text`: (start, end, figure_id), plus the figure ids
    whose quote is not in the text."""
    spans, missing = [], []
    for figure_id, quote in quotes.items():
        start = text.find(quote) if quote else -1
        if start < 0:
            missing.append(figure_id)
        else:
            spans.append((start, start + len(quote), figure_id))
    return sorted(spans, key=lambda s: (s[0], -s[1], s[2])), missing


def highlight_html(text: str, spans: Sequence[tuple[int, int, str]], selected: str = "") -> str:
    """The article text HTML-escaped, each span wrapped in <mark id="fig-<id>" title="<id>">.

    Overlapping quotes still give well-nested HTML: a mark cut by another's end is closed and reopened
    as a continuation (class "cont", no id), so every figure keeps exactly one element with its id.
    The `selected` figure's marks get class "selected". Newlines are kept by the caller's CSS.
    """
    starts: dict[int, list[tuple[int, str]]] = {}
    ends: dict[int, list[str]] = {}
    for start, end, figure_id in spans:
        if end > start:
            starts.setdefault(start, []).append((end, figure_id))
            ends.setdefault(end, []).append(figure_id)

    def open_tag(figure_id: str, first: bool) -> str:
        classes = ["fig"] + (["selected"] if figure_id == selected else []) + ([] if first else ["cont"])
        ident = f' id="fig-{html.escape(figure_id)}"' if first else ""
        return f'<mark{ident} class="{" ".join(classes)}" title="{html.escape(figure_id)}">'

    out: list[str] = []
    stack: list[str] = []
    cursor = 0
    for position in sorted(set(starts) | set(ends)):
        out.append(html.escape(text[cursor:position]))
        cursor = position
        closing = set(ends.get(position, ()))
        if closing & set(stack):
            reopen = []
            while closing & set(stack):
                figure_id = stack.pop()
                out.append("</mark>")
                if figure_id not in closing:
                    reopen.append(figure_id)
            for figure_id in reversed(reopen):
                out.append(open_tag(figure_id, first=False))
                stack.append(figure_id)
        for _, figure_id in sorted(starts.get(position, ()), key=lambda s: (-s[0], s[1])):
            out.append(open_tag(figure_id, first=True))
            stack.append(figure_id)
    out.append(html.escape(text[cursor:]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)
