"""The floor the dashboard is measured against: a default Streamlit page with one small plotly chart.

Same widget kind as the dashboard's filters (a sidebar multiselect), so its first-chart and filter-change
times show what Streamlit + plotly cost on this machine before any of the dashboard's own work.
Run by tests/benchmarks/bench.py; not part of the app.
"""

import plotly.express as px
import streamlit as st

CITIES = ["Mosul", "Raqqa", "Aleppo", "Tal Afar"]
ROWS = [{"city": c, "month": m, "value": (i + 1) * (m + 3)} for i, c in enumerate(CITIES) for m in range(12)]

chosen = st.sidebar.multiselect("City", CITIES, default=CITIES, key="filter_city")
rows = [r for r in ROWS if r["city"] in chosen]
st.title("Baseline")
st.plotly_chart(px.line(rows, x="month", y="value", color="city", title=f"{len(chosen)} cities"))
