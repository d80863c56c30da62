"""What the pages show, as pure functions of the tables: filters, claims, cards, charts; no streamlit."""
