"""`python -m figures candidates`: every number listed with line, context and mark, run as a user runs it."""

import csv
import re
from pathlib import Path

from cli import Run, run_figures, run_figures_subprocess

from figures.rules.numbers import find_numbers
from figures.rules.schema import ARTICLE_SCHEMA, EXCLUDED_SCHEMA, FIGURE_SCHEMA

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?P<mark>NEW(?: \(.*?\))?|figure \S+|excluded \(.*\)): (?P<number>.+?): "
)
SUMMARY = re.compile(r"^(\d+) numbers in (\d+) files?: (\d+) figure, (\d+) excluded, (\d+) NEW$")

TRICKY_ARTICLE = """\
A title with no number
More than 742,000 Iraqis have fled, as much as 80 per cent of West Mosul.

One hundred and five people died on March 17; no one can say why.
Between 9,000 and 11,000 fled (3,846 died), and hundreds of thousands stayed.
Out on the wide plain beyond the river: Su-33 aircraft, the 82nd Airborne, 2006–2007, a single shell, \
three times, twenty-seven men. All of them were seen by many people in the town that day and that night.
Connecting to %s
"""
# (line, number) of every number above, in order
TRICKY_NUMBERS = [
    (2, "742,000"),
    (2, "80 per cent"),
    (4, "One hundred and five"),
    (4, "March 17"),
    (5, "9,000"),
    (5, "11,000"),
    (5, "3,846"),
    (5, "hundreds of thousands"),
    (6, "33"),
    (6, "82nd"),
    (6, "2006"),
    (6, "2007"),
    (6, "a single"),
    (6, "three times"),
    (6, "twenty-seven"),
]


def run_candidates(*args: str, root: Path | None = None) -> Run:
    return run_figures("candidates", *args, env={"FIGURES_ROOT": str(root) if root else None})


def parse(stdout: str) -> tuple[list[dict[str, str]], tuple[int, ...]]:
    *lines, summary = stdout.splitlines()
    parsed = []
    for line in lines:
        match = LINE.match(line)
        assert match, f"unparsable line: {line!r}"
        parsed.append(match.groupdict())
    counts = SUMMARY.match(summary)
    assert counts, f"unparsable summary: {summary!r}"
    return parsed, tuple(int(n) for n in counts.groups())


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})


def test_a_new_article_lists_every_number_as_new(tmp_path: Path) -> None:
    article = tmp_path / "new_article.txt"
    article.write_text(TRICKY_ARTICLE, encoding="utf-8")
    result = run_candidates(str(article), root=tmp_path / "empty-package")
    assert result.returncode == 0, result.stderr
    assert "not in articles.csv" in result.stderr
    lines, summary = parse(result.stdout)
    assert [(int(line["line"]), line["number"]) for line in lines] == TRICKY_NUMBERS
    assert {line["mark"] for line in lines} == {"NEW"}
    assert {line["path"] for line in lines} == {str(article)}
    assert summary == (len(TRICKY_NUMBERS), 1, 0, 0, len(TRICKY_NUMBERS))


def test_context_is_the_words_around_the_number_on_its_line(tmp_path: Path) -> None:
    article = tmp_path / "new_article.txt"
    article.write_text(TRICKY_ARTICLE, encoding="utf-8")
    output = run_candidates(str(article), root=tmp_path).stdout.splitlines()
    contexts = {line.split(": ", 3)[2]: line.split(": ", 3)[3] for line in output[:-1]}
    # a short line is shown whole
    assert contexts["742,000"] == "More than 742,000 Iraqis have fled, as much as 80 per cent of West Mosul."
    # a long one is cut at spaces on both sides, and only from its own line
    context = contexts["2007"]
    assert context.startswith("…") and context.endswith("…")
    assert context.strip("…") in TRICKY_ARTICLE.splitlines()[5]
    assert " 2006–2007, " in context
    assert not context.strip("…").startswith(" ") and not context.strip("…").endswith(" ")


def test_marks_follow_the_curated_quotes(tmp_path: Path) -> None:
    root = tmp_path / "package"
    (root / "seeds").mkdir(parents=True)
    article = root / "seeds" / "tricky.txt"
    article.write_text(TRICKY_ARTICLE, encoding="utf-8")
    write_csv(
        root / "seeds" / "articles.csv",
        list(ARTICLE_SCHEMA.columns),
        [{"article_id": "tricky", "file": "tricky.txt", "genre": "news"}],
    )
    write_csv(
        root / "data" / "displacement.csv",
        list(FIGURE_SCHEMA.columns),
        [
            {
                "figure_id": "tricky-fled",
                "article_id": "tricky",
                "quote": "More than 742,000 Iraqis have fled",
                "value": "742000",
            },
            # its quote also holds the date, which an exclusion claims: the exclusion wins for the date
            {
                "figure_id": "tricky-died",
                "article_id": "tricky",
                "quote": "One hundred and five people died on March 17",
                "value": "105",
            },
            # a quote that cuts "80 per cent" in two does not cover it
            {
                "figure_id": "tricky-share",
                "article_id": "tricky",
                "quote": "as much as 80 per",
                "value": "80",
            },
            {"figure_id": "other-article", "article_id": "elsewhere", "quote": "3,846 died", "value": "3846"},
        ],
    )
    write_csv(
        root / "data" / "excluded.csv",
        list(EXCLUDED_SCHEMA.columns),
        [
            {"article_id": "tricky", "quote": "died on March 17", "reason": "a date"},
            {"article_id": "tricky", "quote": "Su-33", "reason": "an aircraft's name"},
        ],
    )
    result = run_candidates(str(article), root=root)
    assert result.returncode == 0, result.stderr
    lines, summary = parse(result.stdout)
    marks = {line["number"]: line["mark"] for line in lines}
    assert marks["742,000"] == "figure tricky-fled"
    assert marks["One hundred and five"] == "figure tricky-died"
    assert marks["March 17"] == "excluded (a date)"
    assert marks["33"] == "excluded (an aircraft's name)"
    assert marks["80 per cent"] == "NEW (a quote cuts through it: figure tricky-share)"
    assert marks["3,846"] == "NEW"
    assert summary == (len(TRICKY_NUMBERS), 1, 2, 2, len(TRICKY_NUMBERS) - 4)

    new_only = run_candidates("--new-only", str(article), root=root)
    new_lines, new_summary = parse(new_only.stdout)
    assert new_summary == summary
    assert [line["number"] for line in new_lines] == [
        line["number"] for line in lines if line["mark"].startswith("NEW")
    ]


def test_an_unreadable_path_exits_2_without_a_traceback(tmp_path: Path) -> None:
    article = tmp_path / "new_article.txt"
    article.write_text("Two numbers: 12 and 13.\n", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00 not utf-8")
    result = run_candidates(str(tmp_path / "missing.txt"), str(binary), str(article), root=tmp_path)
    assert result.returncode == 2
    assert f"cannot read {tmp_path / 'missing.txt'}" in result.stderr
    assert f"cannot read {binary}" in result.stderr
    assert "Traceback" not in result.stderr
    lines, summary = parse(result.stdout)  # the readable one is still listed
    assert [line["number"] for line in lines] == ["Two", "12", "13"]
    assert summary == (3, 1, 0, 0, 3)


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = run_candidates(root=tmp_path)
    assert result.returncode == 2
    assert "PATH" in result.stderr
    assert "Traceback" not in result.stderr


SEED_TEXTS = sorted((REPO / "seeds").glob("*.txt"))


def test_seed_texts_are_listed_number_by_number(tmp_path: Path) -> None:
    # against an empty data package: every number of the seeds, each NEW, whatever the curation says
    assert SEED_TEXTS, "no article texts in seeds/"
    result = run_candidates(*map(str, SEED_TEXTS), root=tmp_path)
    assert result.returncode == 0, result.stderr
    lines, summary = parse(result.stdout)
    expected = []
    for path in SEED_TEXTS:
        text = path.read_text(encoding="utf-8")
        for mention in find_numbers(text):
            expected.append((str(path), text.count("\n", 0, mention.start) + 1, mention.text))
    assert [(line["path"], int(line["line"]), line["number"]) for line in lines] == expected
    assert summary == (len(expected), len(SEED_TEXTS), 0, 0, len(expected))
    # spot checks against the WSWS article itself
    (wsws,) = [str(path) for path in SEED_TEXTS if path.name.startswith("004_")]
    listed = {(line["path"], int(line["line"]), line["number"]) for line in lines}
    assert {(wsws, 3, "March 17"), (wsws, 3, "200"), (wsws, 11, "1,400"), (wsws, 15, "3,846")} <= listed
    assert {(wsws, 27, "2006"), (wsws, 27, "2007"), (wsws, 27, "tens of thousands")} <= listed


def test_seeds_have_no_new_numbers() -> None:
    # the curation is complete when every number in every seed text is a figure or excluded
    assert SEED_TEXTS, "no article texts in seeds/"
    # end to end: a real process, reading the paths relative to the repository root it runs in
    seeds = (str(path.relative_to(REPO)) for path in SEED_TEXTS)
    result = run_figures_subprocess("candidates", "--new-only", *seeds, env={"FIGURES_ROOT": None})
    assert result.returncode == 0, result.stderr
    lines, summary = parse(result.stdout)
    assert lines == [], "numbers neither a figure nor excluded:\n" + result.stdout
    assert summary[4] == 0
