"""`python -m figures COMMAND`: check, candidates, draft, add, synthesize, datapackage.

`--root DIR` before the command sets FIGURES_ROOT for it (a data package holding data/ and seeds/);
commands that take their own `--root` accept it after the command too.
"""

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMANDS: dict[str, tuple[str, str]] = {
    "check": (
        "figures.commands.check",
        "validate every table against the schema, the articles and the rules",
    ),
    "candidates": ("figures.commands.candidates", "list every number in article texts and what covers it"),
    "draft": ("figures.commands.draft", "propose figure rows for an article text, for review"),
    "add": ("figures.commands.add", "bring a saved page or text in: text, articles.csv row, draft rows"),
    "synthesize": ("figures.commands.synthesize", "write a synthetic data package for benchmarks"),
    "datapackage": (
        "figures.commands.datapackage",
        "regenerate datapackage.json from the schema",
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m figures",
        description="Figures from the seed articles: check the tables, find candidates, build data.",
        epilog="commands:\n" + "\n".join(f"  {name:12} {text}" for name, (_, text) in COMMANDS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", help="a data package holding data/ and seeds/ (sets FIGURES_ROOT)")
    parser.add_argument("command", choices=list(COMMANDS), metavar="COMMAND", help=", ".join(COMMANDS))
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the command's own arguments (COMMAND -h)")
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    if args.root:
        os.environ["FIGURES_ROOT"] = args.root
    module_name = COMMANDS[args.command][0]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name != module_name:
            raise
        print(f"python -m figures {args.command}: {module_name} is not available", file=sys.stderr)
        return 2
    return int(module.main(args.args) or 0)


if __name__ == "__main__":
    sys.exit(main())
