"""Timeline (/timeline): the claims about one quantity over time. x = date: each claim's publication
date (a dot for a known day, a bar over the whole month or year when only that is known) and, dashed,
the period the figure covers; y = the claimed value, each claim marked by its bound as on Compare, with
a "?" ring where its date or quantity link was inferred. Quantities with more than one dated claim are
offered first; `?shown=` keeps the one drawn in the URL, else the Quantity filter (`?quantity=`) picks it.
"""

import datetime as dt

import streamlit as st

from figures.app import PageDone, filter_bar, page_state, share, state
from figures.view import charts
from figures.view.charts import MARKS
from figures.view.cite import chart_citation, chart_facts
from figures.view.claims import claim_in_words, dated_claim_counts, timeline_rows
from figures.view.estimates import KIND_NAMES, estimate_ids
from figures.view.pages import PAGES, SHOWN, link
from figures.view.text import MARKDOWN, md_escape

st.title("Timeline")
st.caption(
    "When each claim was published and which period it covers. A date known only to the month or the "
    'year is drawn over that whole month or year and labelled as printed ("2016-12"), never as a day. '
    "Marks, as on Compare: "
    + "; ".join(f"{m['name'].split(' (')[0]}: {m['on_timeline']}" for m in MARKS.values()).translate(MARKDOWN)
    + ". A **?** ring: the claim's date or its link to this quantity was inferred by the curator, not "
    "printed; its tooltip and the text below say why."
)

selection = filter_bar.selection()
figures = state.filtered(selection)
names = state.names()["quantity"]

if figures.empty:
    st.info("No figures match the filters. Clear a filter in the sidebar to see more.")
    raise PageDone

counts = dated_claim_counts(figures).to_dict()
present = figures["quantity_id"].unique()
multi = sorted((q for q in present if counts.get(q, 0) > 1), key=lambda q: (-counts[q], names.get(q, q)))
chosen_first = set(multi)
single = sorted((q for q in present if q not in chosen_first), key=lambda q: names.get(q, q))
choices = [str(q) for q in multi + single]

# The quantity drawn: the URL's ?shown=, else the first one the Quantity filter (?quantity=) names, else
# the most-claimed; kept in the URL as ?shown=.
filtered_first = next((q for q in selection.get("quantity", []) if q in choices), choices[0])
shown = page_state.seed(SHOWN, "timeline_quantity", lambda v: v if v in choices else None, filtered_first)
if shown not in choices:  # the filters changed under it
    st.session_state["timeline_quantity"] = filtered_first


def describe(q: str) -> str:
    n = int(counts.get(q, 0))
    return f"{names.get(q, q)} — {n} dated claim{'s' if n != 1 else ''}"


quantity = st.selectbox("Quantity shown", choices, format_func=describe, key="timeline_quantity")
page_state.keep(SHOWN, quantity)
if not multi:
    st.info("No quantity passing the filters has more than one dated claim; showing single claims.")

one = figures[figures["quantity_id"] == quantity]
first = one.iloc[0]
rows = timeline_rows(one.assign(estimate_id=estimate_ids(one)))
st.markdown(
    f"**{md_escape(first['label'])}** · {md_escape(first['city'])} · {md_escape(first['kind'])} · "
    f"unit: {md_escape(first['unit'])}  \n{md_escape(first['definition'])}"
)
# theme=None: the chart's own template (figures/view/charts.py) as it is; Streamlit's theme would put back
# its grey axis text (3.72:1) and its legend layout
st.plotly_chart(
    charts.timeline_chart(rows, unit=first["unit"]),
    key="timeline_chart",
    theme=None,
    config={"displaylogo": False},
)


def cite(url: str, accessed: dt.date) -> str:
    return chart_citation(chart_facts(first["label"], first["city"], one), "Timeline", url, accessed)


share.offer(
    "chart",
    "share_timeline",
    link("timeline", selection, {SHOWN: quantity}),
    PAGES["timeline"],
    cite,
    embed_title=first["label"],
)

undated = rows[rows["pub_start"].isna() & rows["period_from"].isna()]
if len(undated):
    st.caption(f"{len(undated)} claim{'s' if len(undated) != 1 else ''} without any date not drawn.")

with st.expander("The claims in words (text alternative)", expanded=True):
    lines = []
    for r in rows.sort_values("pub_start", na_position="last").to_dict("records"):
        period = " to ".join(x for x in (r["period_start"], r["period_end"]) if x) or "not stated"
        precision = f" (known to the {r['pub_precision']})" if r["pub_precision"] in ("month", "year") else ""
        producer = f"{r['primary_name']} ({KIND_NAMES.get(r['primary_kind'], 'unknown kind')})"
        lines.append(
            f"- {md_escape(r['claim_source'])}: {md_escape(claim_in_words(r))}; published "
            f"{md_escape(r['published'] or 'date unknown')}{precision}; covers {md_escape(period)}; "
            f"estimate of {md_escape(producer)} ({md_escape(r['estimate_id'])})"
            + (f"; **?** {md_escape(r['inferred'])}" if r["inferred"] else "")
        )
    st.markdown("\n".join(lines))
