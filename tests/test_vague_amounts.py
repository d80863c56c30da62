"""One list of vague amounts: every phrase `figures.rules.numbers` finds as vague has an interval in
`figures.rules.bounds.VAGUE_AMOUNTS`, so `check` accepts every vague quote `candidates` offers."""

import pytest

from figures.rules.bounds import VAGUE_AMOUNTS, vague_interval
from figures.rules.numbers import find_numbers


@pytest.mark.parametrize("phrase", list(VAGUE_AMOUNTS))
def test_every_vague_amount_is_found_whole_and_has_its_interval(phrase: str) -> None:
    # "of" after the phrase: "scores" is a vague amount only in "scores of people"
    for written in (phrase, phrase.upper(), phrase.capitalize(), phrase.replace(" ", " \n ")):
        sentence = f"The strikes killed {written} of people in the city."
        start = sentence.index(written)
        assert [(m.start, m.end, m.kind, m.value) for m in find_numbers(sentence)] == [
            (start, start + len(written), "vague", None)
        ], written
        assert vague_interval(sentence) == VAGUE_AMOUNTS[phrase], written


SENTENCES = [
    "Several hundred people were killed.",
    "a few thousand civilians fled the city",
    "Many thousand were displaced",
    "billions of dollars in damage",
    "tens of millions of dollars",
    "hundreds of millions of dollars",
    "tens of billions, maybe hundreds of billions",
    "several hundred thousand people",
    "a few hundred thousand residents",
    "several million refugees",
    "few thousand remained",
    "many hundred homes",
    "several thousand million dollars",
    "dozens and maybe hundreds were killed",
    "scores of people, then thousands",
    "tens of thousands and hundreds of thousands",
    "Millions were displaced",
    "killed A  Few\nhundred fighters",
    "several hundred thousands of people",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_every_vague_mention_found_has_an_interval(sentence: str) -> None:
    vague = [m for m in find_numbers(sentence) if m.kind == "vague"]
    assert vague, sentence
    for mention in vague:
        interval = vague_interval(mention.text)
        assert interval is not None, mention.text
        assert interval == VAGUE_AMOUNTS[" ".join(mention.text.lower().split())]


@pytest.mark.parametrize(("phrase", "interval"), list(VAGUE_AMOUNTS.items()))
def test_intervals_are_positive_and_ordered(phrase: str, interval: tuple[float, float]) -> None:
    low, high = interval
    assert 0 < low <= high, phrase


@pytest.mark.parametrize(
    ("phrase", "interval"),
    [
        # the amounts the curated data was checked against
        ("dozens", (24, 99)),
        ("scores", (40, 199)),
        ("hundreds", (200, 999)),
        ("thousands", (2_000, 9_999)),
        ("tens of thousands", (20_000, 99_999)),
        ("hundreds of thousands", (200_000, 999_999)),
        ("millions", (2_000_000, 9_999_999)),
        # "Xs" is at least two X and fewer than ten X; several = 3-9, a few = 2-5, many = 2-9
        ("billions", (2_000_000_000, 9_999_999_999)),
        ("tens of millions", (20_000_000, 99_999_999)),
        ("hundreds of millions", (200_000_000, 999_999_999)),
        ("several hundred", (300, 999)),
        ("a few thousand", (2_000, 5_999)),
        ("few thousand", (2_000, 5_999)),
        ("many thousand", (2_000, 9_999)),
        ("several hundred thousand", (300_000, 999_999)),
    ],
)
def test_interval_values(phrase: str, interval: tuple[float, float]) -> None:
    assert VAGUE_AMOUNTS[phrase] == interval


def test_vague_interval_is_the_widest_span_longest_phrase_first() -> None:
    assert vague_interval("a few thousand, maybe several hundred thousand") == (2_000, 999_999)
    assert vague_interval("several hundred thousand") == (300_000, 999_999)  # not also "several hundred"
    assert vague_interval("hundreds of millions") == (200_000_000, 999_999_999)  # not "hundreds"
    assert vague_interval("the thousandth day, a hundred people") is None
