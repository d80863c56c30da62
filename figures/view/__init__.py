"""What the pages show, as pure functions of the loaded tables: filters, claims, text, cards, charts. No streamlit."""
