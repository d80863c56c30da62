"""Estimates and their echoes: who produced a number, and who merely repeated it.

A claim's primary source is its cited source, or its outlet when it cites nobody (the tables join it as
`primary_source`, with its name, kind and side). Claims of one quantity with the same primary source and
the same `low` and `high` are one estimate printed again: an echo. Twelve outlets printing the AP's toll
are one AP estimate and twelve claims; the spread between estimates is measured over independent
estimates, never over repeats. Pure, tested on tiny frames (tests/test_estimates.py).
"""

import numpy as np
import pandas as pd

from figures.view.export import number_texts

# The one wording, everywhere (filter, tooltips, the figure's card, the data grid), for a claim whose article
# cites nobody: its outlet is its primary source.
OWN_CLAIM = "The outlet's own claim"

# Source kinds as a reader says them
KIND_NAMES: dict[str, str] = {
    "un_agency": "UN agency",
    "ngo_monitor": "monitor",
    "government": "government",
    "military": "military",
    "armed_group": "armed group",
    "local_authority": "local authority",
    "media": "media",
    "individual": "individual",
}


# What makes claims one estimate: the same quantity, primary source, `low` and `high` (an open end
# missing, so "at least 80" is not "80")
ESTIMATE_KEYS = ["quantity_id", "primary_source", "low", "high"]


def estimate_ids(figures: pd.DataFrame) -> pd.Series:
    """Per claim, the estimate it prints, named for readers (the Data page, its CSV, the Timeline):
    `quantity_id/primary_source/low-high` (an open end empty)."""
    ends = {end: number_texts(figures[end]) for end in ("low", "high")}
    return (
        figures["quantity_id"].astype(str)
        + "/"
        + figures["primary_source"].astype(str)
        + "/"
        + ends["low"]
        + "-"
        + ends["high"]
    )


def with_estimates(claim_rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of claims() with `estimate` (the estimate each prints, numbered among these rows in order of
    first appearance: a key, where estimate_ids() is a name) and `repeats` (how many claims print it).
    Grouped on ESTIMATE_KEYS themselves: no text is written for a key nobody reads."""
    estimate = claim_rows.groupby(ESTIMATE_KEYS, sort=False, dropna=False, observed=True).ngroup()
    numbers = estimate.to_numpy(dtype=np.int64)
    return claim_rows.assign(estimate=numbers, repeats=np.bincount(numbers)[numbers].astype(np.int64))


def estimates(claim_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per estimate among the claims (rows of with_estimates()): the claim that stands for it,
    the earliest by the date it speaks of, then by publication, with `repeats` and `printed_by` (the
    outlets' names, in that order); sorted like claims(), by central value."""
    ordered = claim_rows.sort_values(["as_of", "published", "outlet_name", "figure_id"], kind="stable")
    firsts = ordered.drop_duplicates("estimate", keep="first").set_index("estimate")
    # one pass over plain lists: a pandas aggregation calls back per estimate (README, Speed)
    printed: dict[int, dict[str, None]] = {}
    for estimate, outlet in zip(ordered["estimate"].tolist(), ordered["outlet_name"].tolist(), strict=True):
        printed.setdefault(estimate, {})[str(outlet)] = None
    out = firsts.assign(printed_by=[list(printed[e]) for e in firsts.index]).reset_index()
    # a mark stands for the estimate: labelled with who produced it, what kind of source, and when
    kind = out["primary_kind"].astype(str).map(KIND_NAMES).fillna("unknown kind")
    out["claim_source"] = out["primary_name"].astype(str) + " (" + kind + ")"
    out["claim_label"] = out["claim_source"].where(
        out["as_of"] == "", out["claim_source"] + " · " + out["as_of"]
    )
    return out.sort_values(["central", "claim_label", "figure_id"], kind="stable").reset_index(drop=True)
