"""Data (/data): the figures passing the sidebar filters as a table with every provenance column
(source file and line, quote, cited source, article), one page of rows at a time; "Download CSV" gives
exactly the filtered rows, and the data package descriptor (datapackage.json) is offered too.
"""

import streamlit as st

from figures.app import filter_bar, page_state, state
from figures.rules.schema import FIGURE_SCHEMA
from figures.tables.layout import layout
from figures.tables.read import MAX_TABLE_BYTES, FileRefused, read_file
from figures.view.claims import page_count, page_of
from figures.view.estimates import OWN_CLAIM, estimate_ids
from figures.view.export import csv_bytes
from figures.view.pages import PAGE, page_number
from figures.view.text import safe_url

PER_PAGE = 1_000
EAGER_ROWS = 20_000  # up to here the CSV is built with the page; beyond, only when the button is clicked
DOWNLOAD_COLUMNS = [
    *FIGURE_SCHEMA.columns,
    *("title", "outlet", "outlet_name", "published", "url", "city"),
    *("primary_source", "primary_name", "primary_kind", "estimate_id"),
]

st.title("Data")
figures = state.filtered(filter_bar.selection())
total = len(state.data().figures)
st.caption(
    f"{len(figures):,} of {total:,} figures pass the filters. Every row says where it was printed (article, "
    "quote) and where it is curated (source_file:source_line)."
)


def download() -> bytes:
    return csv_bytes(figures.assign(estimate_id=estimate_ids(figures))[DOWNLOAD_COLUMNS])


left, right = st.columns(2)
left.download_button(
    "Download CSV",
    data=download() if len(figures) <= EAGER_ROWS else download,
    file_name="figures-filtered.csv",
    mime="text/csv",
    key="data_download",
    on_click="ignore",
)
try:
    descriptor = read_file(layout().descriptor, MAX_TABLE_BYTES)
except (OSError, FileRefused):  # not built, or not a regular file (never followed through a link)
    descriptor = None
if descriptor is not None:
    right.download_button(
        "Download data package (datapackage.json)",
        data=descriptor,
        file_name="datapackage.json",
        mime="application/json",
        key="data_datapackage",
        on_click="ignore",
    )
else:
    right.caption("The data package descriptor (datapackage.json) has not been built yet.")

pages = page_count(len(figures), PER_PAGE)
page = min(page_state.seed(PAGE, "data_page", page_number, 1), pages)  # ?page= (README, Share and cite)
if pages > 1:
    st.session_state["data_page"] = page
    page = st.number_input(
        "Page", 1, pages, step=1, key="data_page", help=f"{pages:,} pages of {PER_PAGE:,} rows"
    )
page_state.keep(PAGE, None if page == 1 else str(page))
rows = page_of(figures, page, PER_PAGE).drop(columns="central", errors="ignore")  # central: derived
rows["estimate_id"] = estimate_ids(rows)  # claims sharing it print one estimate (README, Who says it)
rows["url"] = rows["url"].map(safe_url)  # only http(s) addresses become links (LinkColumn does not sanitise)
rows["cited_name"] = rows["cited_name"].astype(str).replace("", OWN_CLAIM)  # said, not left to guess
for column in rows.select_dtypes("category").columns:
    # a categorical column ships its whole dictionary (every title, url ... of all figures) with the page
    rows[column] = rows[column].cat.remove_unused_categories()

# What a reader scans first (the words, the number, who says it, about what); ids and provenance after.
READ_FIRST = [
    *("quote", "value", "qualifier", "bound", "low", "high"),
    *("outlet_name", "cited_name", "primary_name", "primary_kind", "estimate_id", "label", "city"),
]
st.dataframe(
    rows,
    hide_index=True,
    placeholder="",  # a missing number (an open bound, a vague amount's value) is an empty cell
    key="data_table",
    column_order=READ_FIRST + [c for c in rows.columns if c not in READ_FIRST],
    column_config={
        "url": st.column_config.LinkColumn("url", help="Where the article text was found (http/https only)"),
        "value": st.column_config.NumberColumn("value", format="%g"),
        "low": st.column_config.NumberColumn("low", format="%g"),
        "high": st.column_config.NumberColumn("high", format="%g"),
        "source_line": st.column_config.NumberColumn("source_line", format="%d"),
    },
)
