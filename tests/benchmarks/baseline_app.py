"""The floor the dashboard is measured against: a default Streamlit page with one small plotly chart
(BASELINE_CHARTS=5: five of them, stacked like the Compare page; BASELINE_LIB=altair: Vega-Lite instead;
BASELINE_LIB=none: a paragraph and no chart, Streamlit's own floor).

Same widget kind as the dashboard's filters (a sidebar multiselect), so its first-chart and filter-change
times show what Streamlit + plotly cost on this machine before any of the dashboard's own work.
Run by tests/benchmarks/bench.py; not part of the app.
"""

import os

import altair as alt
import plotly.express as px
import streamlit as st

CHARTS = int(os.environ.get("BASELINE_CHARTS", "1"))
LIB = os.environ.get("BASELINE_LIB", "plotly")
CITIES = ["Mosul", "Raqqa", "Aleppo", "Tal Afar"]
ROWS = [{"city": c, "month": m, "value": (i + 1) * (m + 3)} for i, c in enumerate(CITIES) for m in range(12)]

chosen = st.sidebar.multiselect("City", CITIES, key="filter_city", placeholder="All")
rows = [r for r in ROWS if r["city"] in (chosen or CITIES)]  # empty means all, as in the dashboard
st.title("Baseline")
if LIB == "none":
    st.markdown(f"{len(rows)} rows, no chart.")
for n in range(CHARTS if LIB != "none" else 0):
    title = f"Chart {n + 1}: {len(chosen) or len(CITIES)} cities"
    if LIB == "altair":  # Streamlit's Vega-Lite bundle is ~0.8 MB against plotly's 4.7 MB
        chart = (
            alt.Chart(alt.Data(values=rows), title=title)
            .mark_point()  # SVG symbols, as the Compare page draws them
            .encode(x="month:Q", y="value:Q", color="city:N")
            .properties(usermeta={"embedOptions": {"renderer": "svg"}})
        )
        st.altair_chart(chart, key=f"chart_{n}")
    else:
        st.plotly_chart(px.line(rows, x="month", y="value", color="city", title=title), key=f"chart_{n}")
