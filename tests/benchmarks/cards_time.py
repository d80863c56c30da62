"""The server's time to build a page of Compare cards, as a filter change asks for it (state.cards_for on
a miss: the snapshot, its summary and the selection's rows already there), with the code of CODE_DIR
over the package at DATA_DIR, so two worktrees can be compared on the same data. Prints the best of
--runs per page and a digest of every card: two variants that build the same cards print the same one.

    .venv/bin/python tests/benchmarks/cards_time.py CODE_DIR DATA_DIR [--runs 5] [--pages 4]

Not part of the test suite.
"""

import argparse
import hashlib
import logging
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("code", help="a worktree of this repository")
    parser.add_argument("data", help="a data package (python -m figures synthesize --out DIR)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=4)
    args = parser.parse_args()
    sys.path.insert(0, args.code)
    logging.disable(logging.WARNING)  # st.cache_* outside a running app: "No runtime found"

    from figures.app import state
    from figures.view.filters import FILTERS, Selection

    loaded = state._load(args.data, "timed")
    digest = hashlib.md5()
    for selection in (Selection(), Selection({"city": FILTERS[0].options(loaded)[:1]})):
        summary = state._summary(args.data, "timed", state._chosen(selection), "spread")
        for page in range(args.pages):
            ids = tuple(summary["quantity_id"].iloc[5 * page : 5 * page + 5])
            times = []
            for _ in range(args.runs):
                state._cards.clear()
                start = time.perf_counter()
                cards = state._cards(args.data, "timed", selection, "spread", ids, False)
                times.append(time.perf_counter() - start)
            for c in cards:
                digest.update(repr((c.label, c.about, c.notes, c.links, c.spec, c.rows)).encode())
            print(f"{dict(selection) or 'no filter'}, page {page + 1}: {min(times) * 1000:.0f} ms")
    print(f"cards digest {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
