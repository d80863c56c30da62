"""figures.rules.numbers: every kind of number the seed articles print is found, with its exact span and
value."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from figures.rules.numbers import MENTION_KINDS, NumberMention, find_numbers, values_in

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# (sentence, [(mention text, value, kind), ...]) — the mentions in order, nothing else
CASES: list[tuple[str, list[tuple[str, float | None, str]]]] = [
    # digits, separators, decimals, parentheses
    ("more than 742,000 Iraqis have fled", [("742,000", 742_000, "digits")]),
    ("has reached roughly 4,354 since", [("4,354", 4354, "digits")]),
    ("a rate of 1.5 per day", [("1.5", 1.5, "digits")]),
    ("eyewitness accounts (3,846) of deaths", [("3,846", 3846, "digits")]),
    ("eyewitness accounts of 3,846 civilian deaths", [("3,846", 3846, "digits")]),
    ("close to 1,400 separate munitions", [("1,400", 1400, "digits")]),
    ("soared to well over 200,000, with", [("200,000", 200_000, "digits")]),
    ("with some 1,500 defiantly protesting", [("1,500", 1500, "digits")]),
    ("10\u202f000 people", [("10\u202f000", 10_000, "digits")]),
    ("another 50 tons of weapons", [("50", 50, "digits")]),
    ("an estimated $5 billion in aid", [("5 billion", 5e9, "digits")]),
    ("1.2 million people", [("1.2 million", 1_200_000, "digits")]),
    (
        "$1.5bn and £300m for 50km of road",
        [("1.5bn", 1.5e9, "digits"), ("300m", 3e8, "digits"), ("50", 50, "digits")],
    ),
    ("300m from the front", [("300", 300, "digits")]),
    ("a quarter of a million people", [("a quarter of a million", 250_000, "words")]),
    ("a figure of 1,40 is a typo", [("1", 1, "digits"), ("40", 40, "digits")]),
    ("drop over 84,000 bombs.", [("84,000", 84_000, "digits")]),
    # ranges: one mention per end
    ("between 9,000 and 11,000 people", [("9,000", 9000, "digits"), ("11,000", 11_000, "digits")]),
    ("9,000-11,000 people", [("9,000", 9000, "digits"), ("11,000", 11_000, "digits")]),
    ("from 15 to 20 a day", [("15", 15, "digits"), ("20", 20, "digits")]),
    # percentages
    ("as much as 80 per cent of West Mosul", [("80 per cent", 80, "percent")]),
    ("80% of West Mosul", [("80%", 80, "percent")]),
    ("80 percent of West Mosul", [("80 percent", 80, "percent")]),
    ("eighty per cent of it", [("eighty per cent", 80, "percent")]),
    ("Connecting to %s", []),
    # number words
    ("one million civilians trapped", [("one million", 1_000_000, "words")]),
    ("One hundred and five people died.", [("One hundred and five", 105, "words")]),
    ("had two personnel investigating", [("two", 2, "words")]),
    ("shot dead twenty-seven demonstrators", [("twenty-seven", 27, "words")]),
    ("shot dead twenty seven demonstrators", [("twenty seven", 27, "words")]),
    ("Seventeen bodies", [("Seventeen", 17, "words")]),
    ("a dozen houses", [("a dozen", 12, "words")]),
    ("two dozen houses", [("two dozen", 24, "words")]),
    ("half a million people", [("half a million", 500_000, "words")]),
    ("a thousand people", [("a thousand", 1000, "words")]),
    ("one and a half million people", [("one and a half million", 1_500_000, "words")]),
    ("two and a half years", [("two and a half", 2.5, "words")]),
    ("two hundred thousand people", [("two hundred thousand", 200_000, "words")]),
    ("one million two hundred thousand", [("one million two hundred thousand", 1_200_000, "words")]),
    ("not a single shot", [("a single", 1, "words")]),
    ("the largest single death toll", []),
    ("One such air raid", [("One", 1, "words")]),
    # the pronoun "one" and ordinal words are not numbers
    ("No one can overlook Hiroshima", []),
    ("one can assume the death toll", []),
    ("they fought one another", []),
    ("the first time, the second wave", []),
    ("a third country", []),
    ("someone and anyone", []),
    # multipliers and fractions
    ("US double standards", [("double", 2, "multiplier")]),
    ("twice as many", [("twice", 2, "multiplier")]),
    ("nearly three times the number of bombs", [("three times", 3, "multiplier")]),
    ("a 10-fold increase", [("10-fold", 10, "multiplier")]),
    ("half of the city", [("half", 0.5, "fraction")]),
    ("two-thirds of the homes", [("two-thirds", 2 / 3, "fraction")]),
    ("a third of the homes", [("a third", 1 / 3, "fraction")]),
    # vague amounts: the longest phrase wins
    ("killing dozens and maybe hundreds", [("dozens", None, "vague"), ("hundreds", None, "vague")]),
    ("the blood of thousands", [("thousands", None, "vague")]),
    ("the deaths of tens of thousands.", [("tens of thousands", None, "vague")]),
    ("the fate of hundreds of thousands of civilians", [("hundreds of thousands", None, "vague")]),
    ("Millions were displaced", [("Millions", None, "vague")]),
    ("scores of people", [("scores", None, "vague")]),
    ("several hundred people", [("several hundred", None, "vague")]),
    ("a few thousand people", [("a few thousand", None, "vague")]),
    ("several hundred thousand people", [("several hundred thousand", None, "vague")]),
    ("many thousand people", [("many thousand", None, "vague")]),
    ("billions of dollars", [("billions", None, "vague")]),
    ("tens of millions of people", [("tens of millions", None, "vague")]),
    ("the deaths of Tens  of\tthousands", [("Tens  of\tthousands", None, "vague")]),  # any case and spacing
    ("a few people", []),
    ("the test scores", []),
    # ordinals, names with digits
    ("from the 82nd Airborne Division", [("82nd", 82, "ordinal")]),
    ("Our Su-33 aircraft", [("33", 33, "code")]),
    ("pic.twitter.com/tlkkkYKB4J", []),
    # years
    ("Since 2014, when Daesh", [("2014", 2014, "year")]),
    ("in the 1990s", [("1990s", 1990, "year")]),
    ("by mid-2016", [("2016", 2016, "year")]),
    ("led in 2006–2007 to a murderous civil war", [("2006", 2006, "year"), ("2007", 2007, "year")]),
    ("the 2016-17 budget", [("2016", 2016, "year"), ("17", 2017, "year")]),
    ("the 1999-00 season", [("1999", 1999, "year"), ("00", 2000, "year")]),
    # dates
    ("carried out the March 17 air strike", [("March 17", None, "date")]),
    ("the troops march 17 miles", [("17", 17, "digits")]),
    ("On 15 November, the terrorists shot dead 27", [("15 November", None, "date"), ("27", 27, "digits")]),
    ("(@rulajebreal) July 11, 2017", [("July 11, 2017", None, "date")]),
    ("Ziad Haidar, 2 November 2016)", [("2 November 2016", None, "date")]),
    ("until the end of May 2017.", [("May 2017", None, "date")]),
    ("date 2017-07-12 This", [("2017-07-12", None, "date")]),
    ("on 12/07/2017", [("12/07/2017", None, "date")]),
    ("the 15th of November", [("15th of November", None, "date")]),
    ("capturing Mosul in June 2014.", [("June 2014", None, "date")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[case[0] for case in CASES])
def test_find_numbers(sentence: str, expected: list[tuple[str, float | None, str]]) -> None:
    found = find_numbers(sentence)
    assert [(m.text, m.value, m.kind) for m in found] == [
        (text, pytest.approx(value) if value is not None else None, kind) for text, value, kind in expected
    ]
    for mention in found:
        assert sentence[mention.start : mention.end] == mention.text


def test_mentions_carry_offsets_into_the_text() -> None:
    text = "Since 2014, the U.S. has dropped 84,000 bombs, nearly three times as many."
    assert find_numbers(text) == [
        NumberMention(6, 10, "2014", 2014, "year"),
        NumberMention(33, 39, "84,000", 84_000, "digits"),
        NumberMention(54, 65, "three times", 3, "multiplier"),
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1,400", [1400]),
        ("80 per cent", [80]),
        ("one million", [1_000_000]),
        ("as many as 200", [200]),
        ("1.2 million", [1_200_000]),
        ("dozens", []),
        ("March 17", []),
        ("between 9,000 and 11,000", [9000, 11_000]),
        ("", []),
        ("no number here", []),
    ],
)
def test_values_in(text: str, values: list[float]) -> None:
    assert values_in(text) == values


def test_values_in_skips_dates_and_vague_amounts() -> None:
    quote = (
        "the March 17 air strike in Mosul that slaughtered as many as 200 civilians, dozens of them children"
    )
    assert values_in(quote) == [200]


def _in_words(n: int) -> str:
    """English words for 0 <= n < 10**12, written independently of the module under test."""
    ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    ones += [
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ]
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    def below_thousand(k: int) -> str:
        hundreds, rest = divmod(k, 100)
        parts = [f"{ones[hundreds]} hundred"] if hundreds else []
        if rest or not hundreds:
            if rest < 20:
                small = ones[rest]
            else:
                small = tens[rest // 10] + (f"-{ones[rest % 10]}" if rest % 10 else "")
            parts.append(("and " if hundreds else "") + small)
        return " ".join(parts)

    if n < 1000:
        return below_thousand(n)
    groups = []
    for scale in ("", " thousand", " million", " billion"):
        n, group = divmod(n, 1000)
        if group:
            groups.append(below_thousand(group) + scale)
    return " ".join(reversed(groups))


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_number_words_read_back(n: int) -> None:
    words = _in_words(n)
    assert [(m.text, m.value, m.kind) for m in find_numbers(f"They counted {words} people.")] == [
        (words, n, "words")
    ]


@given(st.integers(min_value=0, max_value=10**12).filter(lambda n: not 1900 <= n <= 2099))
def test_grouped_digits_read_back(n: int) -> None:
    assert values_in(f"They counted {n:,} people.") == [n]
    assert values_in(f"They counted ({n}) people.") == [n]


@given(st.text(alphabet="0123456789,.-–% aeinorstuhwdMJN()/\n", max_size=60))
def test_mentions_are_ordered_disjoint_slices(text: str) -> None:
    previous_end = 0
    for mention in find_numbers(text):
        assert previous_end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.kind in MENTION_KINDS
        assert (mention.value is None) == (mention.kind in ("vague", "date"))
        previous_end = mention.end
