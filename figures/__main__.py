"""`python -m figures COMMAND`: check, candidates, synthesize, datapackage."""

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("figures.check", "validate every table against the schema, the articles and the rules"),
    "candidates": ("figures.candidates", "list every number in article texts and what covers it"),
    "synthesize": ("figures.synthesize", "write a synthetic data package for benchmarks"),
    "datapackage": ("figures.datapackage", "regenerate figures/data/datapackage.json from the schema"),
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m figures",
        description="Figures from the seed articles: check the tables, find candidates, build data.",
        epilog="\n".join(f"  {name:12} {help_}" for name, (_, help_) in COMMANDS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "command", choices=list(COMMANDS), metavar="COMMAND", help="one of: " + ", ".join(COMMANDS)
    )
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the command's own arguments (COMMAND --help)")
    args = parser.parse_args(argv[:1] if argv and not argv[0].startswith("-") else argv)
    module_name = COMMANDS[args.command][0]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name != module_name:
            raise
        print(f"python -m figures {args.command}: {module_name} is not available yet", file=sys.stderr)
        return 2
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
