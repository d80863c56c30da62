"""Run `python -m figures …` as a curator would: in this process (fast), or as a real subprocess from the
repository root (the few end-to-end tests)."""

import contextlib
import io
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import figures.__main__

REPO = Path(__file__).resolve().parents[1]

Env = Mapping[str, str | None]


@dataclass(frozen=True)
class Run:
    """What `python -m figures` gave: the attributes of subprocess.CompletedProcess the tests read."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _environment(env: Env | None) -> Iterator[None]:
    """`env` set (None: unset) for the block; every variable as it was afterwards, including what the
    command itself set (`--root` sets FIGURES_ROOT for the rest of a real process's life)."""
    saved = dict(os.environ)
    try:
        for name, value in (env or {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name in set(os.environ) - set(saved):
            del os.environ[name]
        for name, value in saved.items():
            if os.environ.get(name) != value:
                os.environ[name] = value


def _as_read_from_a_pipe(text: str) -> str:
    # What subprocess.run(text=True) would hand back. The child writes UTF-8 (surrogateescape under
    # C.UTF-8) and the parent decodes it strictly: a lone surrogate in the output fails there, and must
    # fail here too. Universal newlines: a "\r" the command prints arrives as "\n".
    decoded = text.encode("utf-8", "surrogateescape").decode("utf-8")
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


def run_figures(*args: str, env: Env | None = None) -> Run:
    """`python -m figures ARGS` in this process, from the repository root; `env` adds variables to the
    environment for this call only (None removes one). An uncaught exception is a traceback on stderr and
    exit code 1, as the interpreter would make it."""
    stdout, stderr = io.StringIO(), io.StringIO()
    # relative PATHs (candidates) are read from the working directory, the repository root for a curator
    with (
        _environment(env),
        contextlib.chdir(REPO),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        try:
            returncode = figures.__main__.main(list(args))
        except SystemExit as exit_:  # argparse: --help, usage errors
            if exit_.code is None or isinstance(exit_.code, int):
                returncode = exit_.code or 0
            else:
                print(exit_.code, file=sys.stderr)
                returncode = 1
        except Exception:
            traceback.print_exc()
            returncode = 1
    return Run(
        list(args),
        returncode,
        _as_read_from_a_pipe(stdout.getvalue()),
        _as_read_from_a_pipe(stderr.getvalue()),
    )


def run_figures_subprocess(*args: str, env: Env | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m figures ARGS` as a child process from the repository root: a fresh interpreter, its own
    environment (this process's plus `env`, None removes one), real stdout and stderr pipes."""
    merged = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "figures", *args],
        cwd=REPO,
        env={k: v for k, v in merged.items() if v is not None},
        capture_output=True,
        text=True,
        timeout=180,
    )
