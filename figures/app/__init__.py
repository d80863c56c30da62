"""The Streamlit app: the cached state, the filter bar, the page registry's st.Page objects and the pages."""
