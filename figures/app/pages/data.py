"""Data (/data): the figures passing the sidebar filters as a table with every provenance column
(source file and line, quote, cited source, article), one page of rows at a time; "Download CSV" gives
exactly the filtered rows with every column a row needs to stand alone (figures.view.export_rows), in a
file named after the filters, and "Download data package" the whole package as a zip that Frictionless
validates as it is.
"""

from urllib.parse import urlencode

import streamlit as st

from figures.app import filter_bar, page_state, state
from figures.tables.read import FileRefused
from figures.view.claims import page_count, page_of
from figures.view.estimates import OWN_CLAIM, estimate_ids
from figures.view.export import csv_bytes
from figures.view.export_rows import export_frame, file_name
from figures.view.pages import PAGE, page_number
from figures.view.text import md_escape, safe_url

PER_PAGE = 1_000
EAGER_ROWS = 20_000  # up to here the files are built with the page; beyond, only when a button is clicked

st.title("Data")
selection = filter_bar.selection()
figures = state.filtered(selection)
total = len(state.data().figures)
query = f"?{urlencode(selection, doseq=True)}" if selection else ""
st.caption(
    f"{len(figures):,} of {total:,} figures pass the filters. Every row says where it was printed (article, "
    "quote) and where it is curated (source_file:source_line). The same rows, for programs: "
    f"[CSV](api/figures.csv{query}), [JSON](api/figures.json{query}) (README, Data API)."
)


# The download buttons are filled in after the table (their place is kept above it), so the browser
# meets the table first and starts fetching the grid's code sooner (README, Speed).
left, right = st.columns(2)

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


def download() -> bytes:
    return csv_bytes(export_frame(figures))


left.download_button(
    "Download CSV",
    data=download() if len(figures) <= EAGER_ROWS else download,
    file_name=file_name(selection, "csv"),
    mime="text/csv",
    key="data_download",
    on_click="ignore",
    help="The filtered rows, each with its quantity, article, primary source and curation line.",
)
try:
    package = state.package_zip() if total <= EAGER_ROWS else state.package_zip  # at scale, on click
except FileRefused as err:  # a file swapped for a link or removed since the check
    right.caption(f"The data package cannot be offered now: {md_escape(str(err))}")
else:
    right.download_button(
        "Download data package",
        data=package,
        file_name="conflict-figures-datapackage.zip",
        mime="application/zip",
        key="data_datapackage",
        on_click="ignore",
        help="datapackage.json, every table and every article text, as laid out in the repository: "
        "`frictionless validate datapackage.json` accepts it as it is.",
    )
