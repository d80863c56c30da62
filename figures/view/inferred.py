"""What a figure's link to its date or quantity rests on, when the article does not state it: read from
the curator's notes (README, How a row links to its article: `notes` says so), so a chart can mark it
and say why.

A sentence of the notes that says "inferred" (or "period_end is the publication date") is about the
figure's date, unless it is about its quantity link ("Inferred link", "link inferred") or its
attribution ("Attribution inferred": who said it, which the charts already show as cited).
"""

import re

DATE = "date"
LINK = "quantity link"

_SENTENCES = re.compile(r"(?<=\.)\s+|(?<=\.\))\s+")  # after "." or ".)", never after ")" alone
_INFERRED = re.compile(r"\binferred\b|\bperiod_end is the (publication|cited article's) date\b", re.I)
_ATTRIBUTION = re.compile(r"\battribution inferred\b", re.I)
_LINK = re.compile(r"\binferred link\b|\blink inferred\b", re.I)


def inferences(notes: str) -> dict[str, list[str]]:
    """Per kind (DATE, LINK), the sentences of `notes` that say it was inferred; {} when none."""
    found: dict[str, list[str]] = {}
    for sentence in _SENTENCES.split(notes or ""):
        if not _INFERRED.search(sentence) or _ATTRIBUTION.search(sentence):
            continue
        found.setdefault(LINK if _LINK.search(sentence) else DATE, []).append(sentence.strip())
    return found


def inferred_in_words(notes: str) -> str:
    """'Inferred date: <the notes' words>. Inferred quantity link: …', or "" when nothing was inferred."""
    found = inferences(notes)
    return " ".join(f"Inferred {kind}: {' '.join(found[kind])}" for kind in (DATE, LINK) if kind in found)
