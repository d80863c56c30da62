"""Reading and checking the curated tables: CSV decoding, the row-checking engine, the figure rules, load()."""
