"""A draft of an article's curation: for each number in its text, either a proposed figure row (quote,
value, qualifier, bound and interval, period, cited source, a suggested quantity) or an exclusion with
its reason (a year, a date, an age, a duration...). Read from the text alone, plus the registries to
suggest ids; every inference is said in the row's notes, for the curator to confirm or correct.
"""

import calendar
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from figures.rules.attribution import Attribution, Context, SourceNames
from figures.rules.bounds import BOUND_RULES, derived_interval, vague_interval
from figures.rules.numbers import NumberMention, find_numbers
from figures.rules.schema import FIGURE_SCHEMA

FIGURE_COLUMNS: tuple[str, ...] = tuple(FIGURE_SCHEMA.columns)
AMOUNT_KINDS = ("digits", "words", "percent", "multiplier", "fraction", "vague")
# Counted things: a small number word ("two", "one") or a fraction is a figure only before one of these.
COUNTED = (
    r"people|persons|civilians|residents|children|women|men|families|fighters|soldiers|troops|militants|"
    r"jihadis|insurgents|members|bodies|dead|deaths|killed|injured|wounded|victims|casualties|homes|houses|"
    r"buildings|bombs|munitions|missiles|strikes|airstrikes|raids|sorties|refugees|displaced|names|graves|"
    r"hospitals|schools|attacks|incidents|aircraft|tons|dollars|percent|per cent|thousand|million"
)
_COUNTED_AFTER = re.compile(rf"(?:\s+[\w’'-]+){{0,3}}?\s+(?:{COUNTED})\b", re.IGNORECASE)
_AGE = re.compile(r"[-\s](?:year|month|week|day)s?[-\s]old\b|\s+years\s+old\b", re.IGNORECASE)
_AGED_BEFORE = re.compile(r"\b(?:aged|age)\s+$", re.IGNORECASE)
_DURATION = re.compile(
    r"[-\s](?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)(?![\w-])", re.IGNORECASE
)
_GLUED = re.compile(r"[/:#]\d|\d[/:]")
_MONEY_AFTER = re.compile(r"\s*(?:dollars|euros|pounds|dinars|USD)\b", re.IGNORECASE)
_NEXT_WORD = re.compile(r"[ \t]+([^\s.,;:!?]+)")
_LIST_NUMBER = re.compile(r"(?:^|\n)\s*$")
# hedges after the number ("9,000-plus", "500 or more", "2,000 or so")
_AFTER_HEDGES: dict[str, str] = {"or more": "at_least", "plus": "at_least", "or so": "approx"}
_AFTER = re.compile(r"(?:-|\s+)(?P<q>or more|plus|or so)(?![\w])", re.IGNORECASE)
# the single-number qualifiers of the rule table (ranges have their own words); "the/an estimated" are
# read as "estimated", as curators write it
_BEFORE_WORDS = sorted(
    (
        (word, rule.bound)
        for rule in BOUND_RULES
        if rule.bound not in ("exact", "range")
        for word in rule.qualifiers
        if word not in ("an estimated", "the estimated") and word not in _AFTER_HEDGES
    ),
    key=lambda item: -len(item[0]),
)
_VAGUE_PAIR = re.compile(r"\s+(?:and|or|to)\s+(?:(?P<q>maybe|perhaps)\s+)?(?:even\s+)?", re.IGNORECASE)
# a full stop glued to the next sentence ("the deaths.However") ends it too
# not after a title or an initial ("Col. Ryan S. Dillon", "Mr. Pinheiro")
_ABBREVIATION = (
    r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bNo\.)(?<!\bCol\.)(?<!\bGen\.)(?<!\bLt\.)"
    r"(?<!\bSgt\.)(?<!\bMaj\.)(?<!\bMrs\.)(?<!\bCapt\.)(?<!\bBrig\.)(?<!\bGov\.)(?<!\bSen\.)(?<!\b[A-Z]\.)"
)
_SENTENCE_END = re.compile(
    rf"(?<=[.!?]){_ABBREVIATION}[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|(?<=[a-z][.!?])(?=[A-Z][a-z])|\n\s*\n"
    r"|\n(?=\s*[A-Z•*-])"
)
# how a date bears on the figure: the word just before it ("as of July"), or a clause that opens the
# period ("Since the US moved back into Iraq in 2014, ...")
_DATE_WORD = re.compile(
    r"\b(?P<how>since|from|between|as of|by|until|through|to|and|end of|on|in)\s+$", re.IGNORECASE
)
_CLAUSE_OPENS = re.compile(r"\b(since|between|from)\b", re.IGNORECASE)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_TOKEN = re.compile(r"[a-z]+")
# the words that show a sentence speaks of a metric (quantities.csv `metric`); a quantity is suggested
# only when its metric's words are in the sentence
_KILLED = {"killed", "dead", "deaths", "died", "death", "toll", "casualties", "killing", "lives"}
_DESTROYED = {"destroyed", "damaged", "razed", "destruction"}
_MUNITIONS = {"bombs", "munitions", "missiles", "strikes", "airstrikes", "weapons", "dropped", "raids"}
METRIC_WORDS: dict[str, set[str]] = {
    "civilians_killed": _KILLED,
    "killed": _KILLED,
    "injured": {"injured", "wounded", "injuring", "wounding"},
    "displaced": {"displaced", "fled", "fleeing", "flee", "refugees", "homeless", "idps", "evacuated"},
    "displaced_per_day": {"day", "daily"},
    "trapped": {"trapped", "besieged", "remain", "remaining", "siege", "stuck", "inside"},
    "bombs_dropped": _MUNITIONS,
    "munitions": _MUNITIONS,
    "buildings_destroyed": _DESTROYED,
    "share_destroyed": _DESTROYED,
    "fighters": {"fighters", "militants", "troops", "soldiers", "jihadis", "forces"},
    "bodies_unrecovered": {"bodies", "rubble", "remains"},
}
_STOP = frozenset(
    """a an and as at by for from in into of on or the to with since during over under its their this that
    were was is are be been has have had who which what per""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class QuantityWords:
    """What a quantity of the registry is about, in words the draft compares with a sentence's."""

    quantity_id: str
    city: str
    metric: str
    words: frozenset[str]


@dataclass
class Draft:
    figures: list[dict[str, str]] = field(default_factory=list)
    excluded: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Amount:
    start: int  # of the quote's core: the qualifier, or the number
    end: int
    mentions: tuple[NumberMention, ...]  # one, or two for a range
    qualifier: str
    bound: str


def draft(
    text: str,
    article_id: str,
    published: str,
    names: SourceNames,
    quantities: Iterable[QuantityWords] = (),
) -> Draft:
    """The proposed rows for `text` (see the module docstring); `published`: the article's date, or ""."""
    quantities = list(quantities)
    result = Draft()
    mentions = find_numbers(text)
    sentences = _sentences(text)
    context = Context(
        [t for _, t in sentences], [text.count("\n", 0, start) for start, _ in sentences], names
    )
    used_ids: set[str] = set()
    context_cities = _cities_in(text[:600])
    for amount in _amounts(text, mentions):
        first = amount.mentions[0]
        reason = _exclusion(text, first) if len(amount.mentions) == 1 else None
        quote = _unique_span(text, amount.start, amount.end, extend_right=reason is None)
        if reason:
            result.excluded.append({"article_id": article_id, "quote": quote, "reason": reason})
            continue
        k = next(k for k, (s, t) in enumerate(sentences) if s <= first.start < s + len(t) + 1)
        s_start, sentence = sentences[k]
        paragraph_end = text.find("\n", first.start)
        paragraph_rest = text[first.start : paragraph_end if paragraph_end >= 0 else len(text)]
        notes: list[str] = []
        row = dict.fromkeys(FIGURE_COLUMNS, "")
        row.update(article_id=article_id, quote=quote, qualifier=amount.qualifier, bound=amount.bound)
        _fill_numbers(row, amount, notes)
        _fill_period(row, sentence, published, notes)
        _fill_source(row, context.attribution(k, first.start - s_start, paragraph_rest), notes)
        _fill_quantity(row, sentence, quantities, context_cities, notes)
        row["figure_id"] = _figure_id(article_id, row, used_ids)
        row["notes"] = "Drafted: " + "; ".join(notes) + "."
        result.figures.append(row)
    return result


def _amounts(text: str, mentions: list[NumberMention]) -> Iterable[_Amount]:
    i = 0
    while i < len(mentions):
        m = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if m.kind == "vague" and nxt and nxt.kind == "vague":
            hedge = _VAGUE_PAIR.fullmatch(text[m.end : nxt.start])
            if hedge:  # "dozens and maybe hundreds": one claim, from the lower to the upper amount
                yield _Amount(m.start, nxt.end, (m, nxt), hedge.group("q") or "", "vague")
                i += 2
                continue
        if (
            m.kind in AMOUNT_KINDS
            and m.kind != "vague"
            and nxt
            and nxt.kind in ("digits", "words", "percent")
        ):
            gap = text[m.end : nxt.start]
            joined = gap.strip().lower()
            word = re.search(r"(?i)\b(between|from)\s+$", text[max(0, m.start - 9) : m.start])
            is_range = len(gap) <= 5 and (
                joined in ("-", "–", "—")
                or (joined == "to" and m.kind != "percent")
                or (joined == "and" and word is not None and word.group(1).lower() == "between")
            )
            if is_range and m.value is not None and nxt.value is not None and m.value < nxt.value:
                start = m.start - len(word.group()) if word else m.start
                qualifier = word.group(1) if word else ""
                yield _Amount(start, nxt.end, (m, nxt), qualifier, "range")
                i += 2
                continue
        yield _single(text, m)
        i += 1


def _single(text: str, m: NumberMention) -> _Amount:
    if m.kind not in AMOUNT_KINDS:
        return _Amount(m.start, m.end, (m,), "", "")
    if m.kind == "vague":
        before = text[max(0, m.start - 20) : m.start]
        hedge = re.search(r"(?i)\b(maybe|perhaps|could rise to)\s+(?:even\s+)?$", before)
        start = m.start - len(hedge.group()) if hedge else m.start
        return _Amount(start, m.end, (m,), hedge.group(1) if hedge else "", "vague")
    after = _AFTER.match(text, m.end)
    if after:
        return _Amount(m.start, after.end(), (m,), after.group("q"), _AFTER_HEDGES[after.group("q").lower()])
    before = text[max(0, m.start - 30) : m.start]
    for word, bound in _BEFORE_WORDS:
        hedge = re.search(rf"(?i)(?<![\w])({re.escape(word)})\s+$", before)
        if hedge:
            return _Amount(m.start - (len(before) - hedge.start(1)), m.end, (m,), hedge.group(1), bound)
    return _Amount(m.start, m.end, (m,), "", "exact")


def _exclusion(text: str, m: NumberMention) -> str | None:
    """Why the number at `m` is not a figure, or None when it may be one."""
    after = text[m.end : m.end + 40]
    before = text[max(0, m.start - 12) : m.start]
    by_kind = {
        "year": "a year",
        "date": "a date",
        "ordinal": "an ordinal",
        "code": "part of a name (a model or code)",
    }
    if m.kind in by_kind:
        return by_kind[m.kind]
    if _GLUED.match(text, m.end) or (m.start and _GLUED.match(text, m.start - 1)):
        return "part of an address, a date or a time"
    if m.kind == "digits" and len(m.text) >= 7 and m.text.isdigit():
        return "an identifier (a long run of digits)"
    if _AGE.match(after) or _AGED_BEFORE.search(before):
        return "an age"
    if m.kind in ("digits", "words") and _DURATION.match(after):
        return "a duration"
    if (m.start and text[m.start - 1] in "$£€") or _MONEY_AFTER.match(after):
        return "an amount of money"
    if m.kind == "digits" and text[m.end : m.end + 1] == "." and _LIST_NUMBER.search(text, 0, m.start):
        return "a list number"
    small = m.kind in ("words", "fraction") and (m.value is None or m.value < 10)
    if small and not _COUNTED_AFTER.match(text, m.end, m.end + 60):
        return "a number word, not a figure"
    return None


def _unique_span(text: str, start: int, end: int, extend_right: bool) -> str:
    """The shortest span around [start, end) on word edges, unique in `text`. A figure's quote takes the
    next word too when the sentence goes on (the thing counted: "326 of the deaths", not "326")."""
    left, right = start, end
    if extend_right:  # up to the first word that is not a stop word: "326 of the deaths"
        while following := _NEXT_WORD.match(text, right):
            right = following.end()
            if following.group(1).lower() not in _STOP or right - end > 24:
                break
    grow_right = True
    while not _unique(text, text[left:right]):
        if (grow_right and right < len(text)) or left == 0:
            if right >= len(text):
                break
            right = _step_right(text, right)
        else:
            left = _step_left(text, left)
        grow_right = not grow_right
    return text[left:right].strip()


def _unique(text: str, quote: str) -> bool:
    first = text.find(quote)
    return text.find(quote, first + 1) == -1


def _step_left(text: str, left: int) -> int:
    match = re.search(r"\S+\s*$", text[:left])
    return match.start() if match else 0


def _step_right(text: str, right: int) -> int:
    match = re.match(r"\s*\S+", text[right:])
    return right + match.end() if match else right


def _fill_numbers(row: dict[str, str], amount: _Amount, notes: list[str]) -> None:
    first, last = amount.mentions[0], amount.mentions[-1]
    if amount.bound == "range":
        row["low"], row["high"] = _number(first.value), _number(last.value)
        notes.append(f"a range, {first.text} to {last.text}")
        return
    if amount.bound == "vague":
        words = " and ".join(m.text for m in amount.mentions)
        low, high = vague_interval(words) or (math.nan, math.nan)
        row["low"], row["high"] = _number(low), _number(high)
        notes.append(f"a vague amount ('{words}')")
        return
    row["value"] = _number(first.value)
    low, high = derived_interval(first.value or 0.0, amount.bound)
    row["low"], row["high"] = _number(low), _number(high)
    if amount.qualifier:
        notes.append(f"'{amount.qualifier}' read as {amount.bound}")
    if first.kind == "multiplier":
        notes.append("a multiplier: it compares two figures, say which")
    if first.kind in ("percent", "fraction"):
        notes.append("a share: check the quantity's unit")


def _number(value: float | None) -> str:
    if value is None or math.isnan(value):
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _sentences(text: str) -> list[tuple[int, str]]:
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        found.append((start, text[start : match.start()]))
        start = match.end()
    found.append((start, text[start:]))
    return found


def _iso(mention: NumberMention, published: str) -> str | None:
    """A date or year mention as ISO cut to its precision; a day and month without a year take the year
    of publication (the year before, when that would put them after it)."""
    words = mention.text.replace(",", " ").replace(".", " ")
    if mention.kind == "year":
        return words.strip().rstrip("s")[:4]
    iso = re.fullmatch(r"\s*(\d{4})-(\d\d)-(\d\d)\s*", words)
    if iso:
        return "-".join(iso.groups())
    month = next((_MONTHS[w.lower()] for w in words.split() if w.lower() in _MONTHS), None)
    numbers = [int(n) for n in re.findall(r"\d+", words)]
    year = next((n for n in numbers if n >= 1000), None)
    day = next((n for n in numbers if n < 32), None)
    if month is None:
        return None
    if year is None:
        if not published:
            return None
        year = int(published[:4])
        if len(published) >= 7 and month > int(published[5:7]):
            year -= 1
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _fill_period(row: dict[str, str], sentence: str, published: str, notes: list[str]) -> None:
    dated = [
        (_how(sentence, m), _iso(m, published)) for m in find_numbers(sentence) if m.kind in ("date", "year")
    ]
    starts = [iso for how, iso in dated if iso and how in ("since", "from", "between")]
    ends = [
        iso for how, iso in dated if iso and how in ("to", "until", "through", "by", "as of", "and", "end of")
    ]
    on = [iso for how, iso in dated if iso and how in ("on", "in")]
    if starts:
        row["period_start"] = starts[0]
        row["period_end"] = ends[0] if ends else published
        notes.append(
            "period from the sentence's dates"
            + ("" if ends else "; period_end is the publication date (inferred)")
        )
    elif ends:
        row["period_end"] = ends[0]
        notes.append("period_end: the date the sentence gives")
    elif on and len(on) == 1:
        row["period_start"] = row["period_end"] = on[0]
        notes.append("period: the date the sentence gives")
    elif published:
        row["period_end"] = published
        notes.append("period_end is the publication date (inferred: the sentence gives no date)")


def _how(sentence: str, m: NumberMention) -> str:
    word = _DATE_WORD.search(sentence, max(0, m.start - 14), m.start)
    how = word.group("how").lower() if word else ""
    clause = re.split(r"[,;]", sentence[: m.start])[-1]
    opens = _CLAUSE_OPENS.match(clause.strip()) or re.search(r"(?i)\b(since)\b.{0,30}$", clause)
    if opens and how in ("", "in"):
        return opens.group(1).lower()
    return how


def _fill_source(row: dict[str, str], found: Attribution | None, notes: list[str]) -> None:
    if found is None:
        notes.append("no attribution in the sentence: the outlet's own claim")
        return
    row.update(cited_source=found.cited_source, cited_as=found.cited_as, cited_via=found.cited_via)
    status = "a registry source" if found.known else "a NEW source id, add it to sources.csv or correct it"
    notes.append(f"cited source from '{found.evidence}' ({status})")


def _cities_in(text: str) -> set[str]:
    return {city for city in ("mosul", "raqqa", "aleppo") if city in text.lower()}


def _fill_quantity(
    row: dict[str, str],
    sentence: str,
    quantities: list[QuantityWords],
    context_cities: set[str],
    notes: list[str],
) -> None:
    words = {w for w in _TOKEN.findall(sentence.lower()) if w not in _STOP}
    cities = _cities_in(sentence) or context_cities
    scored = sorted(
        (
            (len(words & q.words), q.quantity_id)
            for q in quantities
            if (q.city.lower() in cities or not q.city)
            and words & METRIC_WORDS.get(q.metric, set(q.metric.split("_")))
        ),
        reverse=True,
    )
    if scored and scored[0][0] >= 3 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        row["quantity_id"] = scored[0][1]
        notes.append(f"quantity suggested from shared words ({scored[0][0]} points): confirm its definition")
    else:
        notes.append("no quantity suggested: choose or define one")


def quantity_words(row: dict[str, str]) -> QuantityWords:
    """A quantities.csv row as the words draft compares with a sentence."""
    text = " ".join(row.get(c, "") for c in ("label", "metric", "place", "scope", "definition"))
    words = frozenset(w for w in _TOKEN.findall(text.lower().replace("_", " ")) if w not in _STOP)
    return QuantityWords(row["quantity_id"], row.get("city", ""), row.get("metric", ""), words)


def _figure_id(article_id: str, row: dict[str, str], used: set[str]) -> str:
    number = row["value"] or f"{row['low']}-{row['high']}"
    base = f"{article_id}-{number}".lower().replace(".", "-")
    base = re.sub(r"[^a-z0-9]+", "-", base).strip("-")
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
