"""`figures check`: each rule of a valid row caught on a package broken in exactly that way.

Every case copies the tiny valid package tests/fixtures/base, makes one edit, and asserts the exact
`path:line: column:` prefix and a fragment of the message; a few go through the real CLI.
"""

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from cli import Run, run_figures, run_figures_subprocess
from fixtures.package import BASE, package, problems
from hypothesis import given, settings
from hypothesis import strategies as st

from figures.rules.bounds import vague_interval
from figures.rules.numbers import values_in
from figures.tables.figure_rules import MONTH_LIKE, plainly_printed

CAS = "data/casualties.csv"
BOMB = "data/bombing.csv"
DISP = "data/displacement.csv"
FORCES = "data/forces.csv"
QUANT = "data/quantities.csv"
EXCL = "data/excluded.csv"
ARTS = "seeds/articles.csv"

# (case, edits, expected problem prefix, message fragment); each must be the package's ONLY problem
SINGLE = [
    # schema: types, required, enums, patterns, ranges
    (
        "not-a-number",
        [(CAS, "killed,200,As many as", "killed,2x0,As many as")],
        f"{CAS}:2: value: ",
        "not a plain number",
    ),
    (
        "required-empty",
        [(CAS, ',"The U.N. said 1,200 people were killed",', ",,")],
        f"{CAS}:3: quote: ",
        "required, but empty",
    ),
    (
        "enum",
        [(CAS, "As many as,at_most", "As many as,up_to")],
        f"{CAS}:2: bound: ",
        "'up_to' is not one of exact, at_least",
    ),
    ("slug", [(CAS, "alpha-jadida-killed", "Alpha_Jadida")], f"{CAS}:2: figure_id: ", "is not a slug"),
    ("negative", [(BOMB, 'alone",5000,', 'alone",-5000,')], f"{BOMB}:2: value: ", "-5000 is negative"),
    # strict columns
    (
        "unexpected-column",
        [
            (EXCL, "reason\n", "reason,extra\n"),
            (EXCL, "a date\n", "a date,x\n"),
            (EXCL, "a year\n", "a year,y\n"),
        ],
        f"{EXCL}:1: extra: ",
        "unexpected column",
    ),
    (
        "missing-required-column",
        [(EXCL, "article_id,quote,reason", "article_id,quote"), (EXCL, ",a date", ""), (EXCL, ",a year", "")],
        f"{EXCL}:1: reason: ",
        "missing required column",
    ),
    # unique keys
    (
        "duplicate-figure-id-across-tables",
        [(BOMB, "alpha-bombs-march,", "alpha-jadida-killed,")],
        f"{BOMB}:2: figure_id: ",
        "duplicate figure_id 'alpha-jadida-killed' (first at data/casualties.csv:2)",
    ),
    (
        "duplicate-quantity-id",
        [
            (
                QUANT,
                "in West Mosul.\n",
                "in West Mosul.\naleppo-killed,Again,casualties,killed,people,Aleppo,,event,x,y\n",
            )
        ],
        f"{QUANT}:7: quantity_id: ",
        "duplicate quantity_id 'aleppo-killed' (first at data/quantities.csv:3)",
    ),
    (
        "duplicate-excluded",
        [(EXCL, "a year\n", 'a year\nalpha,"Mosul, March 2017.",said twice\n')],
        f"{EXCL}:4: quote: ",
        "duplicate article_id/quote",
    ),
    # foreign keys
    (
        "unknown-article",
        [(BOMB, "march,alpha,", "march,gamma,")],
        f"{BOMB}:2: article_id: ",
        "unknown article 'gamma'",
    ),
    (
        "unknown-quantity",
        [(FORCES, "alpha,mosul-fighters", "alpha,mosul-snipers")],
        f"{FORCES}:2: quantity_id: ",
        "unknown quantity 'mosul-snipers'",
    ),
    (
        "quantity-in-wrong-table",
        [(BOMB, "alpha,mosul-bombs-march", "alpha,jadida-civilians-killed")],
        f"{BOMB}:2: quantity_id: ",
        "has theme casualties: its figures belong in casualties.csv",
    ),
    (
        "excluded-unknown-article",
        [(EXCL, "beta,", "gamma,")],
        f"{EXCL}:3: article_id: ",
        "unknown article 'gamma'",
    ),
    # quotes in their article
    (
        "quote-not-found",
        [(CAS, "200 civilians were killed", "200 civilians perished")],
        f"{CAS}:2: quote: ",
        "not found verbatim",
    ),
    (
        "quote-not-unique",
        [("seeds/alpha.txt", "on Monday.\n", "on Monday.\nHundreds of families fled the Old City again.\n")],
        f"{DISP}:2: quote: ",
        "occurs 2 times",
    ),
    (
        "excluded-not-found",
        [(EXCL, "Aleppo, 2016.", "Aleppo, 2015.")],
        f"{EXCL}:3: quote: ",
        "not found verbatim",
    ),
    # the number
    (
        "value-not-in-quote",
        [(CAS, "1200,,exact,1200,1200", "1300,,exact,1300,1300")],
        f"{CAS}:3: value: ",
        "1300 is not among the numbers in the quote (1200)",
    ),
    (
        "value-missing",
        [(CAS, "1200,,exact,1200,1200", ",,exact,1200,1200")],
        f"{CAS}:3: value: ",
        "required for this bound",
    ),
    (
        "vague-with-value",
        [(DISP, "City,,,vague", "City,300,,vague")],
        f"{DISP}:2: value: ",
        "must be empty for a vague amount",
    ),
    (
        "vague-without-amount",
        [(CAS, "1200,,exact,1200,1200", ",,vague,1200,1200")],
        f"{CAS}:3: quote: ",
        "needs a vague amount",
    ),
    # qualifier and bound
    (
        "qualifier-not-in-quote",
        [(CAS, "200,As many as,at_most", "200,Up to,at_most")],
        f"{CAS}:2: qualifier: ",
        "not found verbatim in the quote",
    ),
    (
        "qualifier-of-other-bound",
        [(BOMB, "5000,more than,at_least,5000,,", "5000,more than,approx,5000,5000,")],
        f"{BOMB}:2: qualifier: ",
        "'more than' is not a qualifier of bound approx",
    ),
    (
        "exact-with-qualifier",
        [(CAS, "1200,,exact", "1200,said,exact")],
        f"{CAS}:3: qualifier: ",
        "exact takes no qualifier",
    ),
    (
        "hedge-without-qualifier",
        [(BOMB, "5000,more than,at_least", "5000,,at_least")],
        f"{BOMB}:2: qualifier: ",
        "bound at_least needs its qualifier words",
    ),
    # the interval
    (
        "low-disagrees",
        [(CAS, "at_most,,200,", "at_most,200,200,")],
        f"{CAS}:2: low: ",
        "200 disagrees with bound at_most: expected empty",
    ),
    (
        "high-disagrees",
        [(BOMB, "at_least,5000,,", "at_least,5000,6000,")],
        f"{BOMB}:2: high: ",
        "6000 disagrees with bound at_least: expected empty",
    ),
    (
        "vague-interval",
        [(DISP, "vague,200,999", "vague,100,999")],
        f"{DISP}:2: low: ",
        "100 disagrees with bound vague: expected 200",
    ),
    (
        "range-low-above-high",
        [(FORCES, "range,3000,4000", "range,4000,3000")],
        f"{FORCES}:2: low: ",
        "low 4000 is above high 3000",
    ),
    (
        "range-missing-high",
        [(FORCES, "range,3000,4000,", "range,3000,,")],
        f"{FORCES}:2: high: ",
        "a range needs both low and high",
    ),
    (
        "range-end-not-printed",
        [(FORCES, "range,3000,4000", "range,3000,5000")],
        f"{FORCES}:2: high: ",
        "5000 is not among the numbers in the quote (3000, 4000)",
    ),
    # dates
    (
        "calendar-date",
        [(CAS, "2017-03-17,2017-03-17", "2017-02-30,2017-03-17")],
        f"{CAS}:2: period_start: ",
        "'2017-02-30' is not a calendar date",
    ),
    (
        "date-pattern",
        [(BOMB, ",2017-03,2017-03,", ",March 2017,2017-03,")],
        f"{BOMB}:2: period_start: ",
        "not an ISO 8601 date",
    ),
    (
        "date-month-13",
        [(FORCES, ",,2017-03,", ",,2017-13,")],
        f"{FORCES}:2: period_end: ",
        "not an ISO 8601 date",
    ),
    (
        "period-order",
        [(BOMB, ",2017-03,2017-03,", ",2017-04,2017-03,")],
        f"{BOMB}:2: period_start: ",
        "2017-04 is after period_end 2017-03",
    ),
    (
        "period-order-day",
        [(CAS, "2017-03-17,2017-03-17", "2017-03-18,2017-03-17")],
        f"{CAS}:2: period_start: ",
        "after period_end",
    ),
    # CSV reading
    (
        "ragged-row",
        [(BOMB, "Airwars,,\n", "Airwars,,,\n")],
        f"{BOMB}:2: : ",
        "expected 15 fields as in the header, found 16",
    ),
]


@pytest.mark.parametrize(("edits", "prefix", "fragment"), [c[1:] for c in SINGLE], ids=[c[0] for c in SINGLE])
def test_each_rule_is_caught_alone(tmp_path: Path, edits, prefix: str, fragment: str) -> None:
    found = problems(package(tmp_path, *edits))
    assert len(found) == 1, found
    assert found[0].startswith(prefix), found
    assert fragment in found[0][len(prefix) :], found


def test_dates_of_different_precision_compare_on_their_common_part(tmp_path: Path) -> None:
    in_order = (CAS, "2017-03-17,2017-03-17", "2017-03-20,2017-03")
    assert problems(package(tmp_path / "a", in_order)) == []
    out_of_order = (CAS, "2017-03-17,2017-03-17", "2017-04-01,2017-03")
    assert problems(package(tmp_path / "b", out_of_order)) == [
        f"{CAS}:2: period_start: 2017-04-01 is after period_end 2017-03"
    ]


def test_the_base_package_is_clean() -> None:
    # every case above breaks this package in one way; if the base were not clean they would prove nothing
    assert problems(BASE) == []


def test_a_rejected_quantity_takes_its_figures_along_and_says_so(tmp_path: Path) -> None:
    found = problems(package(tmp_path, (QUANT, "Mosul,,cumulative", "Mosul,,total")))
    assert found == [
        f"{BOMB}:2: quantity_id: quantity 'mosul-bombs-march' was rejected (see data/quantities.csv:4)",
        f"{QUANT}:4: kind: 'total' is not one of stock, cumulative, rate, event",
    ]


def test_missing_article_text_rejects_the_article_and_says_why_its_rows_go(tmp_path: Path) -> None:
    found = problems(package(tmp_path, (ARTS, "beta,beta.txt,", "beta,gamma.txt,")))
    assert found == [
        f"{CAS}:3: article_id: article 'beta' was rejected (see seeds/articles.csv:3)",
        f"{DISP}:3: article_id: article 'beta' was rejected (see seeds/articles.csv:3)",
        f"{EXCL}:3: article_id: article 'beta' was rejected (see seeds/articles.csv:3)",
        f"{ARTS}:3: file: article text seeds/gamma.txt not found",
    ]


def test_article_text_must_be_utf8(tmp_path: Path) -> None:
    root = package(tmp_path)
    path = root / "seeds" / "beta.txt"
    path.write_bytes(path.read_bytes().replace(b"Aleppo, 2016.", b"Aleppo\xff 2016."))
    found = problems(root)
    assert f"{ARTS}:3: file: article text seeds/beta.txt is not UTF-8 (line 1)" in found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (",2017-03-27,", ",2017-02-29,", f"{ARTS}:2: published: '2017-02-29' is not a calendar date"),
        ("externally,news,", "externally,blog,", f"{ARTS}:2: genre: 'blog' is not one of news, opinion"),
    ],
)
def test_a_bad_article_row_rejects_the_article_and_its_rows_say_why(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    found = problems(package(tmp_path, (ARTS, old, new)))
    assert [p for p in found if p.startswith(ARTS)] == [next(p for p in found if p.startswith(expected))]
    cascade = [p for p in found if not p.startswith(ARTS)]
    assert len(cascade) == 5  # alpha's four figures and its excluded number
    assert all(p.endswith("article 'alpha' was rejected (see seeds/articles.csv:2)") for p in cascade)


def test_a_quoted_newline_does_not_shift_later_lines(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        (CAS, "2017-03-17,,,residents,\n", '2017-03-17,,,residents,"first line\nsecond line"\n'),
        (CAS, "1200,,exact,1200,1200", "1300,,exact,1300,1300"),
    )
    assert problems(root) == [f"{CAS}:4: value: 1300 is not among the numbers in the quote (1200)"]


def test_undecodable_bytes_in_a_table_are_reported_and_only_that_row_goes(tmp_path: Path) -> None:
    root = package(tmp_path)
    path = root / EXCL
    path.write_bytes(path.read_bytes().replace(b"a year", b"a \xffyear"))
    assert problems(root) == [f"{EXCL}:3: : not UTF-8: undecodable byte(s) b'\\xff'"]


@pytest.mark.parametrize(
    ("content", "message"), [(None, "file not found"), (b"", "empty file: expected a header line")]
)
def test_missing_or_empty_table_is_a_file_problem(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    root = package(tmp_path)
    path = root / FORCES
    path.unlink()
    if content is not None:
        path.write_bytes(content)
    assert problems(root) == [f"{FORCES}:0: : {message}"]


def _cli(*args: str, env: dict[str, str] | None = None) -> Run:
    return run_figures("check", *args, env=env)


def test_cli_clean_package_exits_0_with_a_summary() -> None:
    run = _cli("--root", str(BASE))
    assert run.returncode == 0, run.stdout + run.stderr
    assert (
        run.stdout
        == "checked 6 figures in 4 tables, 2 articles, 6 sources, 5 quantities, 2 excluded: 0 problems\n"
    )


@pytest.mark.parametrize("case", ["value-not-in-quote", "duplicate-figure-id-across-tables", "calendar-date"])
def test_cli_reports_path_line_column_and_exits_1(tmp_path: Path, case: str) -> None:
    _, edits, prefix, fragment = next(c for c in SINGLE if c[0] == case)
    run = _cli("--root", str(package(tmp_path, *edits)))
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(prefix) and fragment in lines[0]
    assert lines[1].endswith(": 1 problem")


def test_cli_sorts_problems_by_path_and_line_and_honours_figures_root(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        (FORCES, "range,3000,4000", "range,4000,3000"),
        (CAS, "1200,,exact,1200,1200", "1300,,exact,1300,1300"),
        (CAS, "2017-03-17,2017-03-17", "2017-02-30,2017-03-17"),
    )
    # end to end: a real `python -m figures check`, its package named by the child's environment
    run = run_figures_subprocess("check", env={"FIGURES_ROOT": str(root)})
    assert run.returncode == 1
    located = [line.split(": ", 2)[0] for line in run.stdout.splitlines()[:-1]]
    assert located == [f"{CAS}:2", f"{CAS}:3", f"{FORCES}:2"]
    assert run.stdout.splitlines()[-1].endswith(": 3 problems")


def test_the_real_tables_pass_check() -> None:
    run = run_figures_subprocess("check", env={"FIGURES_ROOT": ""})  # end to end: a real process
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
    assert run.stdout.splitlines()[-1].endswith(": 0 problems")


_PIECES = [
    "1.2 million",
    "March 17",
    "17 March",
    "2016-17",
    "F-16",
    "$5m",
    "5bn",
    "82nd",
    "12/07/2017",
    "2017-07-12",
    "3,000-4,000",
    "1\u00a0500",
    "80 per cent",
    "80%",
    "(3,846)",
    "3.5",
    "1,200.5",
    "one",
    "Su-33",
    "10-fold",
    "3 times",
    "400,000",
    "the 15th of November",
    "May 2017",
    "2,400",
    "17",
    "2017",
    "1990s",
    "YKB4J",
    "300m",
    "1,20",
    "12,345,678",
    "0.5",
    "a dozen",
    "hundreds",
    "7k",
    "£300m",
    "No. 5",
    "people",
    "killed",
    "in",
    "Mosul",
    ",",
    ".",
    "-",
    "–",
    "/",
    "(",
    ")",
    "as many as",
    "nearly",
    "some",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8), glue=st.sampled_from([" ", "", ", "])
)
def test_the_fast_number_path_only_accepts_what_values_in_reads(words: list[str], glue: str) -> None:
    # check's fast path for "is value printed in the quote" must never accept a number figures.rules.numbers
    # would not read there (a day in "March 17", the 1.2 of "1.2 million", the 16 of "F-16")
    quote = glue.join(words)
    candidates = {float(t.replace(",", "")) for t in re.findall(r"\d+(?:,\d+)*(?:\.\d+)?", quote)}
    candidates |= {float(t) for t in re.findall(r"\d+", quote)}
    dated = bool(pd.Series([quote], dtype="str").str.contains(MONTH_LIKE, regex=True).iloc[0])
    read = values_in(quote)
    for value in candidates:
        if not dated and plainly_printed(quote, value):
            assert any(math.isclose(value, v) for v in read), (quote, value, read)


def test_the_fast_number_path_does_accept_plain_numbers() -> None:
    # otherwise the test above would pass with a fast path that never says yes
    assert plainly_printed("killed more than 2,400 civilians", 2400.0)
    assert plainly_printed("some 400 people (3.5 per cent)", 3.5)
    assert not plainly_printed("1.2 million people", 1.2)
    assert not plainly_printed("an F-16 crashed", 16.0)


def test_global_root_option_sets_the_package_for_any_command(tmp_path: Path) -> None:
    root = package(tmp_path, (CAS, "1200,,exact,1200,1200", "1300,,exact,1300,1300"))
    run = run_figures_subprocess("--root", str(root), "check")  # end to end: a real process
    assert run.returncode == 1
    assert run.stdout.startswith(f"{CAS}:3: value: ")


def test_a_command_whose_module_is_missing_says_so(monkeypatch, capsys) -> None:
    import figures.__main__ as cli

    monkeypatch.setitem(cli.COMMANDS, "synthesize", ("figures.no_such_module", "missing on purpose"))
    assert cli.main(["synthesize", "--figures", "10"]) == 2
    assert "figures.no_such_module is not available" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("hundreds of thousands of civilians", (200_000, 999_999)),  # one amount, not also "hundreds"
        ("tens of thousands fled", (20_000, 99_999)),
        ("dozens and maybe hundreds", (24, 999)),
        ("Thousands were trapped", (2_000, 9_999)),
        ("the thousandth day", None),  # whole words only
    ],
)
def test_vague_interval_reads_the_longest_amount(text: str, interval: tuple[float, float] | None) -> None:
    assert vague_interval(text) == interval
