"""How one City change travels through the code: every call into the project's modules during the rerun
that an AppTest of the Compare page makes after the City filter changes, counted by module.

A transition is a call in one project module that follows a call in another. Prints the calls, the
modules, the transitions and the busiest pairs. Not a test: a map of the code's shape.

    .venv/bin/python tests/benchmarks/trace_calls.py [--functions] [--verbose]
"""

import itertools
import os
import sys
import threading
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def project_module(filename: str) -> str | None:
    path = Path(filename)
    if not path.is_relative_to(REPO) or ".venv" in path.parts or "tests" in path.parts:
        return None
    return path.relative_to(REPO).with_suffix("").as_posix()


VERBOSE = "--verbose" in sys.argv  # every switch of module, with the function called
# Comprehensions and lambdas run as frames of their own up to Python 3.11 and inline from 3.12 on: with
# --functions only named functions count, as a newer Python would see the same code.
FUNCTIONS = "--functions" in sys.argv
INLINE = ("<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>", "<lambda>")


def main() -> int:
    # one snapshot for the whole trace: the files' signature taken again in the background (the next
    # RECHECK_SECONDS past, on a slow run) would add its calls to the count
    os.environ["FIGURES_RECHECK_SECONDS"] = "3600"
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    city = at.multiselect(key="filter_city")
    city.select(city.options[0])
    calls: list[str] = []

    def profile(frame, event, arg):
        if event == "call":
            module = project_module(frame.f_code.co_filename)
            if module and not (FUNCTIONS and frame.f_code.co_name in INLINE):
                calls.append(f"{module}:{frame.f_code.co_name}" if VERBOSE else module)

    # AppTest runs the script in a thread of its own
    threading.setprofile(profile)
    sys.setprofile(profile)
    try:
        at.run()
    finally:
        sys.setprofile(None)
        threading.setprofile(None)
    assert not at.exception, at.exception
    if VERBOSE:
        previous = ""
        for call in calls:
            module = call.split(":")[0]
            if module != previous:
                print("   ", call)
            previous = module
        calls = [call.split(":")[0] for call in calls]
    transitions = Counter((a, b) for a, b in itertools.pairwise(calls) if a != b)
    print(f"calls into project code: {len(calls)}")
    print(f"modules: {len(set(calls))} ({', '.join(sorted(set(calls)))})")
    print(f"module-to-module transitions: {sum(transitions.values())}")
    for (a, b), n in transitions.most_common(10):
        print(f"  {n:4}  {a} -> {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
