"""Who a sentence attributes a number to: "according to X", "X said", "said X", "data from X", "X's report",
"an X investigation found", and "X, citing Y" (Y the source, X the intermediary), matched against the
sources registry by name, acronym and the words other articles cite them as.

A proposal for a curator: an attribution not in the registry gets a new slug made from its words.
"""

import re
from dataclasses import dataclass

# Names a source goes by that its registry name does not show. Keys are the team's source ids
# (../shared/DESIGN.md §2b); an id missing from the registry is never proposed from here.
KNOWN_ALIASES: dict[str, tuple[str, ...]] = {
    "ap": ("Associated Press", "AP"),
    "reuters": ("Reuters",),
    "afp": ("Agence France-Presse", "AFP"),
    "un": ("United Nations", "U.N.", "UN"),
    "un-ocha": ("OCHA", "Office for the Coordination of Humanitarian Affairs", "UN humanitarian office"),
    "un-ohchr": (
        "OHCHR",
        "UN human rights office",
        "U.N. human rights office",
        "High Commissioner for Human Rights",
    ),
    "unami": ("UNAMI", "UN Assistance Mission for Iraq", "United Nations Assistance Mission for Iraq"),
    "unhcr": ("UNHCR", "UN refugee agency", "U.N. refugee agency", "High Commissioner for Refugees"),
    "iom": ("IOM", "International Organization for Migration"),
    "un-habitat": ("UN-Habitat",),
    "icrc": ("ICRC", "International Committee of the Red Cross", "Red Cross"),
    "airwars": ("Airwars",),
    "amnesty": ("Amnesty International", "Amnesty"),
    "hrw": ("Human Rights Watch", "HRW"),
    "sohr": ("Syrian Observatory for Human Rights", "SOHR", "the Observatory"),
    "snhr": ("Syrian Network for Human Rights", "SNHR"),
    "rbss": ("Raqqa is Being Slaughtered Silently", "RBSS"),
    "vdc": ("Violations Documentation Center", "VDC"),
    "iraq-body-count": ("Iraq Body Count",),
    "us-dod": ("Pentagon", "Department of Defense", "Defense Department"),
    "centcom": ("CENTCOM", "Central Command"),
    "cjtf-oir": ("coalition", "US-led coalition", "U.S.-led coalition", "Operation Inherent Resolve"),
    "iraqi-pm": ("Abadi", "Iraqi Prime Minister", "Iraqi prime minister"),
    "russian-mod": (
        "Russian Defence Ministry",
        "Russian Defense Ministry",
        "Russian defence ministry",
        "Russian defense ministry",
        "Konashenkov",
    ),
    "kurdish-intelligence": ("Kurdish intelligence",),
}
_VERBS = (
    r"said|says|told|tells|estimated|estimates|reported|reports|found|finds|counted|documented|recorded|"
    r"acknowledged|acknowledges|admitted|admits|claimed|claims|announced|confirmed|stated|states|put|puts|"
    r"calculated|concluded|tallied|warned|warns|added|noted|published|released|issued"
)
_NOUNS = r"report|data|figures|count|tally|investigation|estimate|estimates|analysis|statement|survey"
# a name runs to the end of its clause; the dots of "U.N." and "U.S." do not end it
_NAME = r"(?:(?:[A-Z]\.){2,}|[^,.;:!?\"“”])+"
_NAME_WITH_TITLE = r"(?:(?:[A-Z]\.){2,}|[^.;:!?\"“”])+"  # "said Chris Woods, head of Airwars"
_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\baccording to (?P<who>{_NAME})", re.IGNORECASE),
    re.compile(rf"(?i:\b(?:{_NOUNS}) (?:from|by|of|compiled by|released by|published by)) (?P<who>{_NAME})"),
    re.compile(
        r"\b(?:a|an|the) (?P<who>(?:[A-Z][\w.-]*|\([A-Z]+\))(?:\s(?:[A-Z][\w.-]*|\([A-Z]+\)))*) "
        r"(?:investigation|report|analysis|count|survey)"
    ),
    re.compile(
        rf"(?P<who>[A-Z][\w.’'-]*(?:\s+(?:of|for|the|on|de|al-)?\s*[A-Z][\w.’'-]*)*)['’]s? (?:{_NOUNS})\b"
    ),
    re.compile(
        rf"(?:^|,\s+|[;—(“”\"]\s*|\bthat\s+|\band\s+)(?P<who>[^,;—()“”\"]+?)\s+"
        rf"(?:has |have |had )?(?:{_VERBS})\b"
    ),
    re.compile(rf"[,”\"]\s*(?:{_VERBS}) (?P<who>{_NAME_WITH_TITLE})"),
)
# "The coalition, which did not send anyone, acknowledges": the clause is blanked, offsets kept
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who)\b[^,]*,")
_CITING = re.compile(r"(?P<via>[^,;]+),? (?:citing|quoting) (?P<who>[^.;:,]+)")
_TRAILING = re.compile(r"(?:['’]s?|\s+(?:\w+ly|also|now|later|then|has|have|had|was|were))+$")
# a reference in brackets after the words it supports: "(US not liberating Raqqa, RT, 8 November 2016)",
# "(US double standards by Ziad Haidar, 2 November 2016)"
_BRACKETED = re.compile(
    r"\((?:See\s+)?[^()]*?(?:\s+by\s+(?P<author>[^,()]+))?,\s*(?:(?P<publisher>[^,()]+),\s*)?"
    r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\)"
)
# a sentence that goes on from the one before: "It has reports of 10,000 homes destroyed"
_GOES_ON = re.compile(
    r"^[\"“]?(?:It|They|He|She|The (?:agency|group|organi[sz]ation|monitor|observatory|ministry|report|"
    r"office|spokes(?:man|woman)))\b"
)
_CAPITALISED = re.compile(
    r"(?:\s+(?:(?:al-|el-)?[A-Z][\w.’'-]*|officials?|sources?|spokes(?:man|woman|person)|officers?|monitors?))*"
)
_LEADING = re.compile(r"^(?:according to\s+)?(?:(?:the|a|an|its|their|his|her)\s+)?", re.IGNORECASE)
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "which", "who", "this", "that", "there"}
# an attribution names someone: a capitalised name, or a word for people or bodies who report numbers
_SOMEONE = re.compile(
    r"[A-Z]|\b(?:officials?|sources?|monitors?|residents|activists|doctors|medics|police|officers|workers|"
    r"agency|ministry|group|observatory|investigation|analysis|report|spokes(?:man|woman|person)|witnesses)\b"
)


@dataclass(frozen=True)
class Attribution:
    cited_source: str  # a registry id or a proposed new slug
    cited_as: str  # the words as printed
    cited_via: str  # an intermediary's id, or ""
    known: bool  # cited_source is in the registry
    evidence: str  # the words the attribution was read from


class SourceNames:
    """The registry's sources by every name they go by: registry name and the parts in brackets,
    acronyms of multi-word names, KNOWN_ALIASES, and how other articles cite them (`cited_as`)."""

    def __init__(self, names_by_id: dict[str, list[str]]) -> None:
        self.registry = frozenset(names_by_id)
        names: dict[str, str] = {}
        for source_id, given in [*names_by_id.items(), *KNOWN_ALIASES.items()]:
            for name in given:
                for variant in _variants(name):
                    names.setdefault(variant, source_id)
        # longest first, so "UN refugee agency" wins over "UN"
        self._names = sorted(names.items(), key=lambda item: -len(item[0]))
        self._patterns = [(re.compile(_name_pattern(n)), n, i) for n, i in self._names]

    def find(self, words: str) -> tuple[str, str] | None:
        """The (source_id, name as printed) of the first-placed longest known name in `words`."""
        best: tuple[int, int, str, str] | None = None
        for pattern, name, source_id in self._patterns:
            match = pattern.search(words)
            if match and (best is None or (match.start(), -len(name)) < (best[0], best[1])):
                best = (match.start(), -len(name), source_id, match.group())
        return (best[2], best[3]) if best else None


def _variants(name: str) -> list[str]:
    name = name.strip()
    if not name:
        return []
    found = [name, re.sub(r"\s*\([^)]*\)", "", name).strip(), *re.findall(r"\(([^)]+)\)", name)]
    capitals = [w[0] for w in re.findall(r"[A-Z][\w-]*", re.sub(r"\([^)]*\)", "", name))]
    if len(capitals) >= 3:
        found.append("".join(capitals))
    return [v for v in found if len(v) >= 2]


def _name_pattern(name: str) -> str:
    # short all-capital names (AP, UN, ICRC) only as written; longer names in any case
    body = r"\s+".join(re.escape(word) for word in name.split())
    flags = "" if len(name) <= 5 and name.upper() == name else "(?i)"
    return rf"{flags}(?<![\w.]){body}(?![\w])"


def slug(words: str) -> str:
    """A proposed source id for an unknown attribution ('Local officials' -> 'local-officials')."""
    tokens = re.findall(r"[a-z0-9]+", _LEADING.sub("", words).lower())
    return "-".join(tokens[:5])


def attribute(sentence: str, number_at: int, names: SourceNames) -> Attribution | None:
    """The attribution in `sentence` nearest to the number at offset `number_at`, if any."""
    citing = _CITING.search(sentence)
    if citing:  # "Amnesty, citing Airwars, said": the source is Airwars, through Amnesty
        return _resolve(citing.group("who"), citing.group("via"), citing.group(), names)
    candidates: list[tuple[int, str, str]] = []
    sentence = _RELATIVE_CLAUSE.sub(lambda m: " " * len(m.group()), sentence)
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span("who")
            who = match.group("who")
            if start <= number_at < end:
                # "Data from Airwars show 5,805", "Of the nearly 10,000 deaths the AP found": only a known
                # name beside the number counts
                found = names.find(sentence[start:number_at]) or names.find(sentence[number_at:end])
                who = found[1] if found else ""
            words = who.split()[:12]  # "said Chris Woods, head of Airwars, an organization that ..."
            if words and words[0].lower() not in _PRONOUNS and _SOMEONE.search(who):
                candidates.append((abs(start - number_at), " ".join(words), match.group()))
    if not candidates:
        return None
    _, who, evidence = min(candidates)
    return _resolve(who, "", evidence, names)


def attribute_nearby(
    previous: str, sentence: str, number_at: int, paragraph_rest: str, names: SourceNames
) -> Attribution | None:
    """The attribution in the number's sentence; else in the sentence before when this one goes on from it
    ("It has reports of ..."); else a bracketed reference later in the paragraph."""
    found = attribute(sentence, number_at, names)
    if found is None and previous and _GOES_ON.match(sentence.lstrip()):
        found = attribute(previous, len(previous), names)
    if found is None and (reference := _BRACKETED.search(paragraph_rest)):
        author, publisher = reference.group("author"), reference.group("publisher")
        found = _resolve(author or publisher, publisher if author else "", reference.group(), names)
    return found


def _resolve(who: str, via: str, evidence: str, names: SourceNames) -> Attribution:
    # the name as printed: up to the known name and the capitalised words after it ("Iraqi Prime Minister
    # Haider al-Abadi"), else the phrase up to its first clause break ("Kurdish intelligence officials")
    found = names.find(who)
    cited_as = re.split(r",|\s+who\s|\s+which\s|\s+that\s", who)[0].strip()
    if found and found[1] in cited_as:
        end = cited_as.index(found[1]) + len(found[1])
        cited_as = cited_as[:end] + _CAPITALISED.match(cited_as, end).group()
    elif found:
        cited_as = found[1]
    cited_as = _TRAILING.sub("", _LEADING.sub("", cited_as))
    via_found = names.find(via) if via else None
    return Attribution(
        cited_source=found[0] if found else slug(cited_as),
        cited_as=cited_as,
        cited_via=(via_found[0] if via_found else slug(via)) if via else "",
        known=bool(found) and found[0] in names.registry,
        evidence=evidence.strip(),
    )
