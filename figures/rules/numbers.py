"""Find every number an article prints: digits, number words, percentages, vague amounts, years and dates.

What counts as a number (each found mention has one `kind`):

- `digits`: "742,000", "4,354", "1.5", "(3,846)", "$5"; a following scale word is part of it
  ("1.2 million" = 1200000), and so are "bn" and, after a currency sign, "m" and "k" ("$5bn", "£300m").
- `words`: number words, compound or not, any case: "two", "twenty-seven", "One hundred and five" (105),
  "one million", "a thousand", "half a million", "one and a half million", "a dozen" (12), "two dozen",
  "a single" (1).
  Ordinal words ("first", "second") are not numbers. The pronoun "one" is not a number either:
  "no one", "one another", and "one" before a modal verb ("one can assume").
- `percent`: digits or words followed by "%", "per cent" or "percent"; value is the number (80, not 0.8).
- `multiplier`: "double", "twice", "triple", "tenfold", "three times", "10-fold"; value is the factor.
- `fraction`: "half", "two-thirds", "three quarters", "one third", "a third of", "a quarter of"; with a scale
  after it, a `words` number: "a quarter of a million" = 250000.
- `vague`: the phrases of `figures.rules.bounds.VAGUE_AMOUNTS`, in any case and spacing: "dozens", "hundreds",
  "thousands", "millions", "billions", "tens of thousands", "hundreds of millions", "several hundred",
  "a few thousand", "many thousand", "several hundred thousand"...; "scores" only before "of" ("scores of
  people", not "the test scores"); value is None. The longest phrase wins ("hundreds of thousands" is one
  mention).
- `ordinal`: digits with an ordinal suffix, "82nd", "21st"; value is the number.
- `year`: four digits from 1900 to 2099 without separators ("2014", "1990s"); a range "2006–2007" is two
  years, and "2016-17" gives 2016 and 2017.
- `date`: "March 17", "July 11, 2017", "15 November", "2 November 2016", "the 15th of November",
  "May 2017", "2017-07-12", "12/07/2017"; value is None (a date is not an amount).
- `code`: digits glued to a name by a hyphen, "Su-33", "F-16"; value is the number.

Ranges ("between 9,000 and 11,000", "9,000-11,000") give one mention per end. Digits glued to a letter on
their left ("YKB4J" in a URL) are part of a name, not a number; "%s" has no number. Qualifiers ("as many
as", "some", "close to") are never part of a mention.

The patterns are compiled once: `find_numbers` is meant to be called on a million short quotes.
"""

import re
from dataclasses import dataclass

from figures.rules.bounds import VAGUE_AMOUNTS

MENTION_KINDS: tuple[str, ...] = (
    "digits",
    "words",
    "percent",
    "multiplier",
    "fraction",
    "vague",
    "ordinal",
    "year",
    "date",
    "code",
)


@dataclass(frozen=True)
class NumberMention:
    """One number in a text: `text[start:end] == mention.text`."""

    start: int
    end: int
    text: str
    value: float | None  # None for vague amounts and dates
    kind: str  # one of MENTION_KINDS


_SMALL_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_MULTIPLIER_WORDS: dict[str, float] = {
    "double": 2,
    "doubled": 2,
    "doubling": 2,
    "twice": 2,
    "twofold": 2,
    "triple": 3,
    "tripled": 3,
    "tripling": 3,
    "treble": 3,
    "trebled": 3,
    "thrice": 3,
    "threefold": 3,
    "quadruple": 4,
    "quadrupled": 4,
    "fourfold": 4,
    "fivefold": 5,
    "tenfold": 10,
    "hundredfold": 100,
}
_FRACTION_WORDS: dict[str, float] = {
    "half": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
    "tenth": 1 / 10,
    "tenths": 1 / 10,
}


def word_alternation(words: list[str]) -> str:
    """A regex matching any of `words`, as a trie: sre tries alternatives one by one, and a trie keeps
    that to one character comparison per branch point (three times faster on a million quotes). A space in
    a word matches any run of whitespace ("tens of\nthousands")."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # greedy: the longer word is tried first, the shorter one on backtracking
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


def _first_letters(words: list[str]) -> str:
    return "".join(sorted({word[0].lower() + word[0].upper() for word in words}))


_NOT_BEFORE_LETTER = r"(?![^\W\d_])"
_UNITS_1_9 = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_MONTH_NAMES = [
    *["January", "February", "March", "April", "May", "June", "July", "August", "September"],
    *["October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep"],
    *["Oct", "Nov", "Dec"],
]
_MONTH = word_alternation(_MONTH_NAMES)
_SMALL = (
    rf"(?:{word_alternation(_TENS)}(?:[-\s]{word_alternation(_UNITS_1_9)})?{_NOT_BEFORE_LETTER}"
    rf"|{word_alternation(list(_SMALL_WORDS))}{_NOT_BEFORE_LETTER})"
)
_SCALE = rf"{word_alternation([*_SCALES, 'dozen'])}{_NOT_BEFORE_LETTER}"
# after a scale word a smaller number may follow: "one hundred and five", "one million two hundred thousand"
_SCALE_PART = rf"\s+{_SCALE}(?:(?:\s+and\s+|\s+){_SMALL})?"
_WORDS = (
    rf"(?i:{_SMALL}(?:\s+and\s+a\s+half{_NOT_BEFORE_LETTER})?(?:{_SCALE_PART})*"
    rf"|(?:half\s+an?|an?)(?:{_SCALE_PART})+|a\s+single{_NOT_BEFORE_LETTER})"
)
# Built from the vague-amount table, so every phrase found here has an interval there (and `check` accepts
# what `candidates` offers). Some phrases count only before certain words: "scores of people" is an amount,
# "the test scores" is not.
_VAGUE_ONLY_BEFORE: dict[str, str] = {"scores": rf"\s+of{_NOT_BEFORE_LETTER}"}
_VAGUE = (
    rf"(?i:{word_alternation([phrase for phrase in VAGUE_AMOUNTS if phrase not in _VAGUE_ONLY_BEFORE])}"
    + "".join(
        rf"|{word_alternation([phrase])}(?={_VAGUE_ONLY_BEFORE[phrase]})"
        for phrase in VAGUE_AMOUNTS
        if phrase in _VAGUE_ONLY_BEFORE
    )
    + rf"){_NOT_BEFORE_LETTER}"
)
_MULTIPLIER = rf"(?i:{word_alternation(list(_MULTIPLIER_WORDS))}){_NOT_BEFORE_LETTER}"
_FRACTION = (
    rf"(?i:(?:one|a)[\s-]+(?:third|quarter|fifth|tenth)(?=\s+of{_NOT_BEFORE_LETTER})"
    r"|one[\s-]+(?:third|quarter|fifth|tenth)"
    rf"|{word_alternation(_UNITS_1_9[1:])}[\s-]+(?:thirds|quarters|fifths|tenths)"
    rf"|half(?!\s+an?\s+{_SCALE})"
    rf"|(?:third|quarter)(?=\s+of\s+an?\s+{_SCALE})){_NOT_BEFORE_LETTER}"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1\d|20)\d\d"
_DATE = (
    r"(?:\d{4}-\d\d-\d\d(?!\d)"  # ISO 8601
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d\d)(?![\d/])"
    rf"|{_MONTH}\.?\s+{_DAY}(?![\w,]\d)(?!\d)(?:,?\s+{_YEAR}(?!\d))?"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}\.?(?![^\W\d_])(?:,?\s+{_YEAR}(?!\d))?"
    rf"|{_MONTH}\.?,?\s+{_YEAR}(?!\d)"
    r")(?![^\W\d_])"
)
_YEAR_DIGITS = r"(?:19|20)\d\d(?:s(?![^\W\d_]))?(?![\d]|[,.]\d)"
_CODE = r"(?<=[^\W\d_]-)\d+(?:\.\d+)?(?![\d])"
_ORDINAL = r"\d+(?:st|nd|rd|th)(?![^\W\d_])"
_DIGITS = r"(?:\d{1,3}(?:[,\u00a0\u202f\u2009]\d{3})+|\d+)(?:\.\d+)?(?!\d)"

# Every mention starts a word (a letter or digit after no word character): that lookbehind plus a class
# of possible first characters rejects most positions at once; each branch has its own first-character
# guard for the same reason. Branch order is priority: a date before its digits, "hundreds of thousands"
# before "hundreds".
_BRANCHES: tuple[tuple[str, str, str], ...] = (
    ("date", r"\dJFMASOND", _DATE),
    ("vague", _first_letters(list(VAGUE_AMOUNTS)), _VAGUE),
    ("multiplier", _first_letters(list(_MULTIPLIER_WORDS)), _MULTIPLIER),
    ("fraction", _first_letters(["a", "half", "quarter", *_UNITS_1_9]), _FRACTION),
    ("words", _first_letters(["a", "half", *_SMALL_WORDS]), _WORDS),
    ("year", "12", _YEAR_DIGITS),  # before code: "mid-2016" is a year
    ("code", r"\d", _CODE),
    ("ordinal", r"\d", _ORDINAL),
    ("digits", r"\d", _DIGITS),
)
_MENTION = re.compile(
    r"(?<!\w)(?=[\d"
    + "".join(sorted({c for _, guard, _ in _BRANCHES for c in guard if c.isalpha()}))
    + "])(?:"
    + "|".join(f"(?P<{name}>(?=[{guard}]){pattern})" for name, guard, pattern in _BRANCHES)
    + ")"
)
_SCALE_AFTER_DIGITS = re.compile(rf"\s+(?i:({word_alternation(list(_SCALES))})){_NOT_BEFORE_LETTER}")
# "$5bn", "£300m": attached m and k mean million and thousand only after a currency sign (else: metres)
_ATTACHED_SCALE = re.compile(rf"(?i:(bn|m|k)){_NOT_BEFORE_LETTER}")
_ATTACHED_SCALES: dict[str, float] = {"bn": 1e9, "m": 1e6, "k": 1e3}
_CURRENCY_SIGNS = "$£€"
_OF_A_SCALE = re.compile(rf"\s+(?i:of\s+an?\s+({word_alternation(list(_SCALES))})){_NOT_BEFORE_LETTER}")
_PERCENT_AFTER = re.compile(rf"\s*%|\s*(?i:per\s?cent|percent){_NOT_BEFORE_LETTER}")
_TIMES_AFTER = re.compile(rf"\s+(?i:times){_NOT_BEFORE_LETTER}|-?(?i:fold){_NOT_BEFORE_LETTER}")
_NO_BEFORE_ONE = re.compile(r"(?i:\bno\s+)$")
_PRONOUN_ONE_AFTER = re.compile(
    r"\s+(?i:another|can|can't|can’t|cannot|could|couldn't|must|may|might|should|shouldn't|would|"
    r"wouldn't|ought)\b"
)
_TWO_DIGIT_YEAR_END = re.compile(r"[-–—/](\d\d)(?!\d)")
_WORD_TOKEN = re.compile(r"[a-z]+")
_DIGIT_GROUP_SEPARATORS = str.maketrans("", "", ",\u00a0\u202f\u2009")


def _words_value(phrase: str) -> float:
    total = 0.0
    current = 0.0
    for token in _WORD_TOKEN.findall(phrase.lower()):
        if token in _SMALL_WORDS:
            current += _SMALL_WORDS[token]
        elif token in ("a", "an", "single"):
            current = current or 1
        elif token == "half":
            current += 0.5
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "dozen":
            current = (current or 1) * 12
        elif token in _SCALES:
            total += (current or 1) * _SCALES[token]
            current = 0
    return total + current


def _fraction_value(phrase: str) -> float:
    tokens = _WORD_TOKEN.findall(phrase.lower())
    count = _SMALL_WORDS.get(tokens[0], 1) if len(tokens) > 1 else 1
    return count * _FRACTION_WORDS[tokens[-1]]


def _is_pronoun_one(text: str, start: int, end: int) -> bool:
    return bool(_NO_BEFORE_ONE.search(text, max(0, start - 6), start) or _PRONOUN_ONE_AFTER.match(text, end))


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, in order, as non-overlapping mentions (see the module docstring)."""
    mentions: list[NumberMention] = []
    for match in _MENTION.finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        phrase = match.group()
        value: float | None
        if kind == "date" or kind == "vague":
            value = None
        elif kind == "multiplier":
            value = float(_MULTIPLIER_WORDS[phrase.lower()])
        elif kind == "fraction":
            value = _fraction_value(phrase)
            of_scale = _OF_A_SCALE.match(text, end)
            if of_scale:  # "a quarter of a million"
                value *= _SCALES[of_scale.group(1).lower()]
                kind, end = "words", of_scale.end()
        elif kind == "words":
            if phrase.lower() == "one" and _is_pronoun_one(text, start, end):
                continue
            value = _words_value(phrase)
        elif kind == "ordinal":
            value = float(phrase.rstrip("stndrh"))
        elif kind == "year":
            value = float(phrase.rstrip("s"))
        else:
            value = float(phrase.translate(_DIGIT_GROUP_SEPARATORS))
            scale = _SCALE_AFTER_DIGITS.match(text, end)
            attached = _ATTACHED_SCALE.match(text, end)
            if scale:
                value *= _SCALES[scale.group(1).lower()]
                end = scale.end()
            elif attached and (
                attached.group(1).lower() == "bn" or (start and text[start - 1] in _CURRENCY_SIGNS)
            ):
                value *= _ATTACHED_SCALES[attached.group(1).lower()]
                end = attached.end()
        if kind in ("digits", "words", "code"):
            suffix = _PERCENT_AFTER.match(text, end)
            if suffix:
                kind, end = "percent", suffix.end()
            else:
                suffix = _TIMES_AFTER.match(text, end)
                if suffix:
                    kind, end = "multiplier", suffix.end()
        mentions.append(NumberMention(start, end, text[start:end], value, kind))
        if kind == "year":
            # "2016-17": the second year is printed with two digits only
            short_end = _TWO_DIGIT_YEAR_END.match(text, end)
            if short_end:
                first_year, last_two = int(phrase[:4]), int(short_end.group(1))
                last_year = first_year - first_year % 100 + last_two
                last_year += 100 if last_year < first_year else 0  # "1999-00"
                span = short_end.span(1)
                mentions.append(NumberMention(*span, short_end.group(1), float(last_year), "year"))
    return _drop_overlaps(mentions)


def _drop_overlaps(mentions: list[NumberMention]) -> list[NumberMention]:
    # a suffix ("1.2 million", "80 per cent") can swallow what the scan found next; keep the first
    kept: list[NumberMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def values_in(text: str) -> list[float]:
    """The values of every number in `text` that has one (vague amounts and dates have none), in order."""
    return [mention.value for mention in find_numbers(text) if mention.value is not None]
