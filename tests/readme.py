"""The README's two commands, read from its text so CI and the tests run what the README says."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def command_under(heading: str, text: str | None = None) -> str:
    """The first ```bash block after a `## heading` line, joined into one shell command."""
    text = README.read_text(encoding="utf-8") if text is None else text
    match = re.search(rf"^## {re.escape(heading)}\s*$.*?^```bash\n(.*?)^```", text, re.M | re.S)
    if not match:
        raise LookupError(f"README.md has no ```bash block under '## {heading}'")
    lines = [line for line in match.group(1).splitlines() if line.strip() and not line.startswith("#")]
    return "\n".join(lines)


def dashboard_command() -> str:
    return command_under("Run the dashboard")


def suite_command() -> str:
    return command_under("Run every test")
