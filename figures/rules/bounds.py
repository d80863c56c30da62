"""The qualifier rule table: what hedging words mean, and the interval each kind of claim asserts.

One table, used by the checks, load(), the charts and the About page.
"""

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BoundRule:
    bound: str
    qualifiers: tuple[str, ...]  # the hedging words that signal this bound, lower case
    interval: str  # how low/high follow from value, in words (printed on the About page)


BOUND_RULES: tuple[BoundRule, ...] = (
    BoundRule("exact", (), "low = high = value"),
    BoundRule(
        "at_least",
        (
            *("more than", "over", "well over", "at least", "minimum of", "in excess of", "upwards of"),
            *("no less than", "not less than", "no fewer than"),  # "No fewer than 435 sick" (WHO)
            *("or more", "plus"),  # after the number: "500 or more", "9,000-plus"
        ),
        "low = value, high open",
    ),
    BoundRule(
        "at_most",
        (
            *("as many as", "as much as", "up to", "no more than", "at most"),
            *("not exceeding", "do not number more than"),  # "a force not exceeding 6,000 men"
        ),
        "high = value, low open",
    ),
    BoundRule(
        "approx",
        (
            *("around", "about", "roughly", "approximately", "some", "estimated", "an estimated"),
            *("the estimated", "or so", "an approximate"),
        ),
        "low = high = value",
    ),
    BoundRule(
        "approx_below",
        ("close to", "nearly", "almost", "just under", "just short of"),
        "low = high = value; the truth is a little under it",
    ),
    BoundRule("range", ("between", "to", "from"), "low and high as printed"),
    BoundRule(
        "vague",
        ("maybe", "could rise to", "perhaps"),
        "value empty; low and high from the vague-amount table",
    ),
)

BOUNDS: tuple[str, ...] = tuple(rule.bound for rule in BOUND_RULES)
RULES_BY_BOUND: dict[str, BoundRule] = {rule.bound: rule for rule in BOUND_RULES}

# Vague amounts: "Xs" means at least two X and fewer than ten X (hundreds = 200-999). The one list
# of vague phrases: figures.rules.numbers finds exactly these (so `candidates` offers no quote that `check`
# then rejects), vague_interval reads them, the About page prints them.
_PLURAL_AMOUNTS: dict[str, tuple[float, float]] = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
    "tens of millions": (20_000_000, 99_999_999),
    "hundreds of millions": (200_000_000, 999_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
    "tens of billions": (20_000_000_000, 99_999_999_999),
    "hundreds of billions": (200_000_000_000, 999_999_999_999),
}
# "several hundred" is 3 to 9 hundred, read like the plurals: 300-999 ("a few thousand": 2,000-5,999)
_COUNT_WORDS: dict[str, tuple[int, int]] = {"several": (3, 9), "a few": (2, 5), "few": (2, 5), "many": (2, 9)}
# a scale may be followed by a larger one ("several hundred thousand"), not by an equal or smaller one
_SCALE_WORDS: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "hundred thousand": 100_000,
    "hundred million": 100_000_000,
    "thousand million": 1_000_000_000,
    "hundred billion": 100_000_000_000,
    "thousand billion": 1_000_000_000_000,
    "million billion": 1_000_000_000_000_000,
}
VAGUE_AMOUNTS: dict[str, tuple[float, float]] = {
    **_PLURAL_AMOUNTS,
    **{
        f"{count} {scale}": (low * size, (high + 1) * size - 1)
        for scale, size in sorted(_SCALE_WORDS.items(), key=lambda item: item[1])
        for count, (low, high) in _COUNT_WORDS.items()
    },
}


# longest phrase first ("hundreds of thousands" is one amount, not also "hundreds"), any case and spacing,
# whole words with the same edges as figures.rules.numbers, so both read the same phrases
_VAGUE_PHRASES = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        r"\s+".join(re.escape(word) for word in phrase.split())
        for phrase in sorted(VAGUE_AMOUNTS, key=len, reverse=True)
    )
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)


def vague_interval(text: str) -> tuple[float, float] | None:
    """The widest interval spanned by the vague amounts in `text` ("dozens and maybe hundreds": 24-999)."""
    found = [VAGUE_AMOUNTS[" ".join(m.group().lower().split())] for m in _VAGUE_PHRASES.finditer(text)]
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
