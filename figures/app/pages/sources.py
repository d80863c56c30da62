"""Sources (/sources): every article as a card (title, outlet, author, date and how it is known, genre,
link, number of figures). `?article=<id>` opens the article's full text, escaped, with every curated
quote highlighted (<mark id="fig-<figure_id>">); `&figure=<id>` sets that quote apart, repeats it in a
callout above the text and scrolls to it.
"""

import html
import json
import re
from functools import partial

import streamlit as st

from figures.app import PageDone, filter_bar, page_state, share, state
from figures.rules.schema import SLUG
from figures.view.cite import figure_citation
from figures.view.claims import claim_in_words, estimates_of, page_count, page_of
from figures.view.estimates import KIND_NAMES, OWN_CLAIM
from figures.view.filters import Selection
from figures.view.pages import PAGE, PAGES, link, page_number, same_tab_link
from figures.view.text import highlight_html, md_escape, quote_spans, safe_url

PER_PAGE = 20
THIS_PAGE = PAGES["sources"].file

STYLE = """<style>
.article-text { white-space: pre-wrap; line-height: 1.6; font-size: 1rem; max-width: 48rem; }
.article-text mark.fig { background: #fde9a9; padding: 0 .1em; border-radius: 2px; }
.article-text mark.fig mark.fig { background: #f9d46b; }
.article-text mark.selected { background: #56B4E9; outline: 3px solid #0072B2; scroll-margin-top: 6rem; }
.figure-callout { border-left: 5px solid #0072B2; background: #eef6fc; padding: .6rem 1rem; margin: .5rem 0; }
.figure-callout blockquote { margin: .3rem 0; font-style: italic; }
</style>"""

loaded = state.data()
source_names = dict(zip(loaded.sources["source_id"], loaded.sources["name"], strict=True))
selection = filter_bar.selection()
articles = loaded.articles
all_figures = loaded.figures

article_id = st.query_params.get("article", "")
figure_id = st.query_params.get("figure", "")
known_articles = set(articles["article_id"])

figure = all_figures[all_figures["figure_id"] == figure_id] if figure_id else all_figures.iloc[0:0]
if figure_id and figure.empty:
    st.warning(md_escape(f"Unknown figure '{figure_id}' in the URL was ignored."), icon=":material/warning:")
    figure_id = ""
if figure_id and not article_id:
    article_id = figure["article_id"].iloc[0]  # a figure alone names its article
if article_id and article_id not in known_articles:
    st.warning(
        md_escape(f"Unknown article '{article_id}' in the URL was ignored."), icon=":material/warning:"
    )
    article_id, figure_id = "", ""
if figure_id and figure["article_id"].iloc[0] != article_id:
    st.warning(
        md_escape(f"Figure '{figure_id}' is not from article '{article_id}' and was ignored."),
        icon=":material/warning:",
    )
    figure_id = ""


def title_of(record: dict) -> str:
    return record["title"] or f"Untitled article ({record['article_id']})"


def published_line(record: dict) -> str:
    published = record["published"] or "unknown"
    basis = f" ({record['published_basis']})" if record["published_basis"] else ""
    return f"Published {published}{basis}"


def link_line(record: dict) -> str:
    url = safe_url(record["url"])
    if not url:
        return "No link: " + ("address unknown" if not record["url"] else "the address is not a web address")
    target = url.replace("(", "%28").replace(")", "%29")
    basis = f" ({md_escape(record['url_basis'])})" if record["url_basis"] else ""
    return f"[{md_escape(url)}]({target}){basis}"


def show_source(source_id: str) -> None:
    """One source: who it is, what it estimated, and who printed its numbers in which articles."""
    record = loaded.sources.set_index("source_id").loc[source_id]
    kind = KIND_NAMES.get(record["kind"], record["kind"])
    side = f" · speaks for: {md_escape(record['side'])}" if record["side"] else ""
    st.header(md_escape(record["name"]), anchor=False)
    url = safe_url(record["url"])
    st.markdown(f"{md_escape(kind)}{side}" + (f"  \n[{md_escape(url)}]({url})" if url else ""))
    if record["notes"]:
        st.caption(md_escape(record["notes"]))
    estimated = estimates_of(state.filtered(selection.replace(source=[])), source_id)
    if estimated.empty:
        st.markdown(
            "No figure has this source as its primary source: it prints or passes on others' numbers."
        )
        return
    st.subheader(f"What it estimated ({len(estimated)})", anchor=False)
    lines = []
    for r in estimated.to_dict("records"):
        compare = link("compare", selection.replace(source=[], quantity=[r["quantity_id"]]))
        printed = ", ".join(r["printed_by"])
        lines.append(
            f"- **{md_escape(r['label'])}**: {md_escape(r['in_words'])}, "
            f"as of {md_escape(r['as_of'] or 'unknown')} · printed by {md_escape(printed)} "
            f"({r['repeats']} claim{'s' * (r['repeats'] > 1)}) · "
            + same_tab_link("compare with other estimates", compare)
        )
    st.markdown("\n".join(lines), unsafe_allow_html=True)  # same-tab links; the text is md_escape()d


if not article_id:
    st.title("Sources")
    st.caption(
        "Every article the figures come from. The outlet and source filters apply here; open an article to "
        "read it with every curated figure highlighted. With one source chosen in the Source filter "
        "(`?source=<id>`), this page shows what that source estimated and who printed it."
    )
    counts = state.article_counts()
    shown = articles
    if selection.get("outlet"):
        shown = shown[shown["outlet"].isin(selection["outlet"])]
    if selection.get("source"):
        if len(selection["source"]) == 1:
            show_source(selection["source"][0])
        taking_part = set(state.filtered(selection, ["article_id"])["article_id"].astype(str))
        shown = shown[shown["article_id"].isin(taking_part)]
    # a level-2 heading over the cards, whose titles are level 3 (axe: headings go down one level at a time)
    st.header(
        f"{'In which articles' if selection.get('source') else 'Articles'} ({len(shown)})", anchor=False
    )
    if shown.empty:
        st.info("No article matches the filters.")
    pages = page_count(len(shown), PER_PAGE)
    page = min(page_state.seed(PAGE, "sources_page", page_number, 1), pages)
    if pages > 1:
        st.session_state["sources_page"] = page
        page = st.number_input("Page", min_value=1, max_value=pages, step=1, key="sources_page")
    page_state.keep(PAGE, None if page == 1 else str(page))
    for record in page_of(shown, page, PER_PAGE).to_dict("records"):
        n = int(counts.get(record["article_id"], 0))
        with st.container(border=True, key=f"sources_card_{record['article_id']}"):
            st.subheader(md_escape(title_of(record)), anchor=False)
            byline = " · ".join(
                md_escape(x)
                for x in (
                    source_names.get(record["outlet"], "outlet unknown"),
                    record["author"] or "author unknown",
                    record["genre"],
                )
            )
            st.markdown(f"{byline}  \n{md_escape(published_line(record))}  \n{link_line(record)}")
            if n:
                st.markdown(f"**{n} figure{'s' if n != 1 else ''}** curated from this article.")
                st.page_link(
                    THIS_PAGE,
                    label="Read it with the figures highlighted",
                    icon=":material/find_in_page:",
                    query_params=selection.query({"article": record["article_id"]}),
                )
            else:
                st.markdown("No figures curated from this article.")
                st.page_link(
                    THIS_PAGE,
                    label="Read it",
                    icon=":material/article:",
                    query_params=selection.query({"article": record["article_id"]}),
                )
            if record["notes"]:
                with st.expander("Notes on this article"):
                    st.markdown(md_escape(record["notes"]))
    raise PageDone

# --- one article ----------------------------------------------------------------------------------

record = articles[articles["article_id"] == article_id].iloc[0].to_dict()
text = state.article_text(article_id)
own = all_figures[all_figures["article_id"] == article_id]

st.title("Sources")
st.page_link(THIS_PAGE, label="All articles", icon=":material/arrow_back:", query_params=selection.query())
st.header(md_escape(title_of(record)), anchor=False)
st.markdown(
    " · ".join(
        md_escape(x)
        for x in (source_names.get(record["outlet"], "outlet unknown"), record["author"] or "author unknown")
    )
    + f"  \n{md_escape(published_line(record))}  \n{link_line(record)}"
)

if figure_id:
    chosen = figure.iloc[0].to_dict()
    cited = chosen["cited_name"] or OWN_CLAIM
    if chosen["cited_as"] and chosen["cited_as"] != cited:
        cited += f" (printed as “{chosen['cited_as']}”)"
    via = f", via {chosen['via_name']}" if chosen["via_name"] else ""
    rows = [
        ("Quantity", f"{chosen['label']} ({chosen['city']})"),
        ("Claim", claim_in_words(chosen)),
        ("Qualifier", chosen["qualifier"] or "none"),
        ("Cited source", cited + via),
        (
            "Period",
            " to ".join(dict.fromkeys(x for x in (chosen["period_start"], chosen["period_end"]) if x))
            or "not stated",
        ),
        ("Notes", chosen["notes"]),
    ]
    st.html(
        STYLE + f'<div class="figure-callout" id="callout-{html.escape(figure_id)}">'
        f"<strong>Figure {html.escape(figure_id)}</strong>"
        f"<blockquote>“{html.escape(chosen['quote'])}”</blockquote>"
        + "".join(f"<div><strong>{k}:</strong> {html.escape(v)}</div>" for k, v in rows if v)
        + "</div>"
    )
    alone = link("sources", Selection(), {"article": article_id, "figure": figure_id})
    share.offer("figure", "share_figure", alone, PAGES["sources"], partial(figure_citation, chosen))

spans, missing = quote_spans(text or "", dict(zip(own["figure_id"], own["quote"], strict=True)))
st.caption(
    f"{len(own)} figure{'s' if len(own) != 1 else ''} curated from this article, highlighted below"
    " (hover a highlight for its figure id). The text is shown exactly as received."
    if len(own)
    else "No figures curated from this article."
)
if text is None:
    st.info(
        "This article's text has changed since it was checked: the new version is checked within seconds. "
        "Reload the page to read it."
    )
elif missing:
    st.warning(md_escape("Quote not found in the text for: " + ", ".join(missing)), icon=":material/warning:")
if text:
    st.html(STYLE + f'<div class="article-text">{highlight_html(text, spans, figure_id)}</div>')
else:
    st.info("The text of this article is not available.")

if figure_id and re.fullmatch(SLUG, figure_id):
    # st.html sanitises away scripts; this one snippet runs (unsafe_allow_javascript) and carries only a
    # figure id that matched the slug pattern and a known figure. It waits for the text to render.
    target = json.dumps(f"fig-{figure_id}").replace("<", "\\u003c")
    st.html(
        "<script>(function(){let n=0;const t=setInterval(function(){"
        f"const el=document.getElementById({target});"
        "if(el){el.scrollIntoView({block:'center'});clearInterval(t);}"
        "if(++n>50){clearInterval(t);}},100);})();</script>",
        unsafe_allow_javascript=True,
    )
