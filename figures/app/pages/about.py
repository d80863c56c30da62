"""About (/about): what a figure is, the quantities and their definitions, the bound rule table, the
vague-amount table, the table schemas, the caveats a reader needs and the licences, all rendered from
figures.rules.schema, figures.rules.bounds, the data package's licences and the loaded data (nothing
retyped here that the code already declares).
"""

import pandas as pd
import streamlit as st

from figures.app import state
from figures.commands.datapackage import LICENSES, TEXTS_NOTICE
from figures.rules.bounds import BOUND_RULES, VAGUE_AMOUNTS
from figures.rules.schema import FIGURE_SCHEMA, TABLES
from figures.view.charts import MARKS, colour_legend
from figures.view.claims import SPREAD_BASIS
from figures.view.corpus import CONTESTED_CLAIMS, CONTESTED_PRIMARIES, MISSING, corpus_facts
from figures.view.text import md_escape

# On a phone the tables' long names (`published_basis`, `approx_below`) made them wider than the screen, a
# scrolling region a keyboard cannot reach (axe: scrollable-region-focusable): there a cell's words may
# break anywhere (`!important`: Streamlit's markdown sets its paragraphs' wrapping with a rule of its own).
st.html(
    "<style>@media (max-width: 640px) {"
    '[data-testid="stTable"] :is(th, td) { white-space: normal; }'
    '[data-testid="stTable"] :is(th, td) p { overflow-wrap: anywhere !important; }'
    "}</style>"
)
st.title("About")
loaded = state.data()
facts = corpus_facts(loaded.figures, loaded.articles, loaded.quantities)

st.header("The corpus")
kinds = ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in facts.primary_kinds.items())
genres = ", ".join(f"{genre} {n}" for genre, n in facts.genres.items())
st.markdown(
    f"**{facts.articles} articles from {facts.outlets} outlets** ({genres}), published "
    f"{facts.years[0]}–{facts.years[1]}, with **{facts.figures} figures** of {facts.quantities} quantities. "
    "It began as five partisan opinion pieces and grew to the reporting the competing estimates come from: "
    "UN agencies (OCHA, the human rights office, UNHCR, IOM), monitors (Airwars, Amnesty, SOHR, SNHR, RBSS), "
    "belligerents and governments (the coalition and CENTCOM, the Iraqi government and military, the "
    "Russian defence ministry, ISIS's Amaq as reported), wire agencies and the outlets that repeat them. "
    "Articles were chosen for balance, not volume: for each contested quantity, reporting from each side "
    "that printed a figure, and the echoes of a wire story as separate articles of one estimate. "
    f"{facts.stored_copies} texts are stored copies of a page's opening (about 2,000 characters): only "
    f"what that opening holds is curated. Claims by kind of primary source: {kinds}. "
    f"**{len(facts.contested)} quantities** have at least {CONTESTED_CLAIMS} claims from at least "
    f"{CONTESTED_PRIMARIES} primary sources."
)
st.markdown("**Known to be missing:**\n" + "\n".join(f"- {gap}" for gap in MISSING))

st.header("What a figure is")
st.markdown(
    "A **figure** is one number printed in one article: a *claim* by that outlet, often citing a primary "
    "source. It is never merged with another article's claim, rounded or corrected. Claims about the same "
    "measured **quantity** are drawn side by side on one axis; different quantities never share an axis. "
    f"Every figure has these fields ({len(FIGURE_SCHEMA.columns)}):"
)
st.table(
    pd.DataFrame(
        {
            "field": list(FIGURE_SCHEMA.columns),
            "meaning": [c.description for c in FIGURE_SCHEMA.columns.values()],
        }
    ),
    hide_index=True,
)
st.markdown(f"**Spread** on the Compare page: {md_escape(SPREAD_BASIS)}.")

st.header("Caveats")
st.markdown(
    "- **Outlet versus primary source.** A figure is what the outlet printed. Where it cites someone "
    "(the U.N., Airwars, the Pentagon), that source is the claim's *primary source*; otherwise the outlet "
    "is. Claims of one quantity with the same primary source and the same interval are one *estimate* "
    "repeated, and Compare draws it once, listing who repeated it: a number printed by twelve outlets is "
    "one estimate, not a consensus of twelve. The dashboard has not checked the primary source itself; "
    "the number may have been rounded, updated or misquoted on the way.\n"
    "- **Every source is a party to something.** Belligerents' figures (the coalition, the Iraqi and "
    "Russian governments, ISIS) sit beside the UN's, monitors' and outlets' as claims, labelled with the "
    "side they speak for; none is shown as the fact. The dashboard takes no side.\n"
    "- **Cumulative versus current.** Displacement figures may count everyone who has fled since an "
    "offensive began (*cumulative*) or the people displaced on one day (*stock*); returns make the two "
    "differ. Each quantity states its kind (stock, cumulative, rate, event) and only like is compared "
    "with like.\n"
    "- **Dates.** A date known only to the month or year is kept at that precision and drawn over the "
    "whole month or year. How each publication date is known is given on the Sources page.\n"
    '- **Hedged numbers.** Qualifiers ("as many as", "well over") change what a number asserts; '
    "the rule tables below say how each is read and drawn."
)

st.header("Quantities")
st.caption(f"{len(loaded.quantities)} quantities, each defined once (figures/data/quantities.csv).")
counts = loaded.figures.groupby("quantity_id").size()
quantities = loaded.quantities.drop(columns=["source_file", "source_line"], errors="ignore").copy()
quantities.insert(1, "claims", quantities["quantity_id"].map(counts).fillna(0).astype(int))
st.dataframe(quantities, hide_index=True)

st.header("Qualifiers and bounds")
st.table(
    pd.DataFrame(
        {
            "bound": [r.bound for r in BOUND_RULES],
            "qualifiers": [", ".join(r.qualifiers) or "(none)" for r in BOUND_RULES],
            "interval asserted": [r.interval for r in BOUND_RULES],
            "drawn on Compare as": [MARKS[r.bound]["drawn"] for r in BOUND_RULES],
            "drawn on the Timeline as": [MARKS[r.bound]["on_timeline"] for r in BOUND_RULES],
            "legend on the chart": [MARKS[r.bound]["name"] for r in BOUND_RULES],
        }
    ),
    hide_index=True,
)
st.subheader("Colours", anchor=False)
st.markdown(
    "A mark's colour on Compare says who produced the number: the kind of its primary source. Each "
    "colour stands at least 3:1 against the chart's white, the least a mark needs to be seen (WCAG 1.4.11), "
    "and shape, not colour, says how the number is hedged."
)
legend = colour_legend()
legend.insert(0, "mark", "")  # an empty cell painted in the colour: a swatch that is not text
st.table(
    legend.style.apply(lambda _: [f"background-color: {c}" for c in legend["colour"]], subset=["mark"]),
    hide_index=True,
)
st.subheader("Vague amounts", anchor=False)
st.dataframe(
    pd.DataFrame(
        {
            "words": list(VAGUE_AMOUNTS),
            "low": [low for low, _ in VAGUE_AMOUNTS.values()],
            "high": [high for _, high in VAGUE_AMOUNTS.values()],
        }
    ),
    hide_index=True,
    column_config={
        "low": st.column_config.NumberColumn(format="%d"),
        "high": st.column_config.NumberColumn(format="%d"),
    },
)

st.header("Table schemas")
for name, table in TABLES.items():
    if name in ("bombing", "displacement", "forces"):
        continue  # the four figure tables share one schema: shown once, under casualties
    title = (
        "Figure tables (casualties, bombing, displacement, forces)" if name == "casualties" else table.title
    )
    st.subheader(md_escape(title), anchor=False)
    st.caption(
        md_escape(table.description)
        + f" Key: {md_escape(', '.join(table.primary_key))}."
        + "".join(
            f" {md_escape(fk.column)} → {md_escape(fk.table)}.{md_escape(fk.target)}."
            for fk in table.foreign_keys
        )
    )
    st.table(
        pd.DataFrame(
            {
                "column": list(table.schema.columns),
                "type": [str(c.dtype) for c in table.schema.columns.values()],
                "required": [
                    bool(c.metadata and c.metadata.get("required")) for c in table.schema.columns.values()
                ],
                "description": [c.description for c in table.schema.columns.values()],
            }
        ),
        hide_index=True,
    )

st.header("Licences")
(tables_licence,) = LICENSES
st.markdown(
    "- **Code**: MIT (the `LICENSE` file).\n"
    f"- **Curated tables** (the figure tables, quantities, sources, articles and excluded numbers): "
    f"[{tables_licence['title']}]({tables_licence['path']}), declared in "
    "`datapackage.json`; cite the dashboard and keep each row's article and curation line.\n"
    f"- **Article texts**: {TEXTS_NOTICE}"
)
