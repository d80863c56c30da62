"""Cold build time of what the Compare and Timeline pages compute for a new selection: every Compare
page's cards (one mark per estimate, then every claim) and every quantity's Timeline rows and chart, over
the tables loaded as the app's state loads them (categorical columns), with an md5 of every output so two
checkouts can be shown to give the same bytes. Not part of the test suite.

    .venv/bin/python tests/benchmarks/views.py [TREE ...] [--runs 3]

Each TREE (a checkout of this repository; default: this one) is measured in its own process, the trees
taking turns run by run so the machine's drift hits each alike. Prints per tree the md5s and the median
seconds of each build, and the command.
"""

import argparse
import dataclasses
import hashlib
import json
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def measure(tree: str) -> dict:
    """One run in this process, importing the code of `tree`: seconds and md5 of each build."""
    sys.path.insert(0, tree)
    from figures.app.state import CATEGORIES, COMPACT
    from figures.tables import load as tables
    from figures.view import cards, charts, claims
    from figures.view.estimates import estimate_ids
    from figures.view.filters import Selection, filter_figures

    loaded = tables.load(compact=True)
    figures = loaded.figures.copy(deep=False)
    for column in (*CATEGORIES, *COMPACT):
        if column in figures.columns:
            figures[column] = figures[column].astype("category")
    figures["central"] = claims.central_values(figures)
    quantities = loaded.quantities.set_index("quantity_id")
    ids = claims.sort_quantities(claims.quantity_summary(figures), "spread")["quantity_id"].tolist()
    per_page = claims.QUANTITIES_PER_PAGE
    pages = [ids[i : i + per_page] for i in range(0, len(ids), per_page)]
    chosen = [filter_figures(figures, {"quantity": page}, claims.CLAIM_COLUMNS) for page in pages]
    built, md5 = time.perf_counter(), hashlib.md5()
    made = [
        cards.compare_cards(rows, quantities, Selection(), "spread", page, every_claim)
        for every_claim in (False, True)
        for rows, page in zip(chosen, pages, strict=True)
    ]
    cards_seconds = time.perf_counter() - built
    for card in (card for page in made for card in page):
        md5.update(repr(dataclasses.astuple(card)).encode())
    cards_md5 = md5.hexdigest()
    ones = [figures[figures["quantity_id"] == q] for q in sorted(set(ids))]
    ones = [one.assign(estimate_id=estimate_ids(one)) for one in ones]  # as the Timeline page does
    built, md5 = time.perf_counter(), hashlib.md5()
    drawn = [charts.timeline_chart(claims.timeline_rows(one), unit="people") for one in ones]
    timeline_seconds = time.perf_counter() - built
    for figure in drawn:
        md5.update(figure.to_json().encode())
    return {
        "cards": (cards_md5, cards_seconds, len(pages) * 2),
        "timeline": (md5.hexdigest(), timeline_seconds, len(ones)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("trees", nargs="*", default=[str(REPO)])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # one run of one tree, in a child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    runs: dict[str, list[dict]] = {tree: [] for tree in args.trees}
    for _ in range(args.runs):
        for tree in args.trees:
            child = [sys.executable, __file__, "--measure", str(Path(tree).resolve())]
            # from /: the child imports the tree's code, never a checkout in its working directory
            done = subprocess.run(child, capture_output=True, text=True, check=True, cwd="/")
            runs[tree].append(json.loads(done.stdout))
    for tree, results in runs.items():
        for build in ("cards", "timeline"):
            hashes = {r[build][0] for r in results}
            seconds = statistics.median(r[build][1] for r in results)
            count = results[0][build][2]
            what = "Compare pages' cards" if build == "cards" else "Timeline rows and charts"
            print(
                f"{tree}: {count} {what}: median {seconds:.2f} s ({seconds / count * 1000:.1f} ms each) "
                f"over {len(results)} runs, md5 {' '.join(sorted(hashes))}"
            )
    print("command:", shlex.join([".venv/bin/python", "tests/benchmarks/views.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
