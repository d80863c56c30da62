"""The qualifier rule table: what hedging words mean, and the interval each kind of claim asserts.

One table, used by the checker, the loader, the charts and the About page (DESIGN.md §3).
"""

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BoundRule:
    bound: str
    qualifiers: tuple[str, ...]  # the hedging words that signal this bound, lower case
    interval: str  # how low/high follow from value, in words (printed on the About page)
    mark: str  # how the Compare chart draws it


BOUND_RULES: tuple[BoundRule, ...] = (
    BoundRule("exact", (), "low = high = value", "filled dot"),
    BoundRule(
        "at_least",
        ("more than", "over", "well over", "at least", "minimum of", "in excess of", "upwards of"),
        "low = value, high open",
        "arrow pointing up from the value",
    ),
    BoundRule(
        "at_most",
        ("as many as", "as much as", "up to", "no more than", "at most"),
        "high = value, low open",
        "arrow pointing down from the value",
    ),
    BoundRule(
        "approx",
        ("around", "about", "roughly", "approximately", "some", "estimated", "an estimated", "the estimated"),
        "low = high = value",
        "hollow dot",
    ),
    BoundRule(
        "approx_below",
        ("close to", "nearly", "almost", "just under", "just short of"),
        "low = high = value; the truth is a little under it",
        "hollow dot with a short arrow pointing down",
    ),
    BoundRule("range", ("between", "to", "from"), "low and high as printed", "bar from low to high"),
    BoundRule(
        "vague",
        ("maybe", "could rise to", "perhaps"),
        "value empty; low and high from the vague-amount table",
        "bar from low to high",
    ),
)

BOUNDS: tuple[str, ...] = tuple(rule.bound for rule in BOUND_RULES)
RULES_BY_BOUND: dict[str, BoundRule] = {rule.bound: rule for rule in BOUND_RULES}

# Vague amounts: "Xs" means at least two X and fewer than ten X (DESIGN.md: hundreds = 200-999).
VAGUE_AMOUNTS: dict[str, tuple[float, float]] = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
}


_VAGUE_WORDS = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(VAGUE_AMOUNTS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def vague_interval(text: str) -> tuple[float, float] | None:
    """The widest interval spanned by the vague amounts in `text` ("dozens and maybe hundreds": 24-999)."""
    # longest phrase first, whole words: "hundreds of thousands" is one amount, not also "hundreds"
    found = [VAGUE_AMOUNTS[m.group().lower()] for m in _VAGUE_WORDS.finditer(text)]
    if not found:
        return None
    return min(low for low, _ in found), max(high for _, high in found)


def derived_interval(value: float, bound: str, quote: str = "") -> tuple[float, float]:
    """The (low, high) a claim asserts; an open side is NaN. `range` keeps the printed low/high, so
    callers pass those through; here it gives (NaN, NaN)."""
    nan = math.nan
    if bound in ("exact", "approx", "approx_below"):
        return value, value
    if bound == "at_least":
        return value, nan
    if bound == "at_most":
        return nan, value
    if bound == "vague":
        return vague_interval(quote) or (nan, nan)
    return nan, nan
