"""Reading and checking the curated tables: CSV decoding, row checks, figure rules, load()."""
