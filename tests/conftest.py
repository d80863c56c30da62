"""Shared fixtures: clean Streamlit caches per test, a real `streamlit run` server, Debian's Chromium,
and the few browser helpers the Playwright tests share (waiting for a Streamlit rerun, page errors)."""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page
    from streamlit.testing.v1 import AppTest

    from figures.tables.load import Loaded

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# With PYTHONDONTWRITEBYTECODE set (as on this machine) every test process, and every CLI and server it
# starts, compiles the project's modules and pytest rewrites the tests' asserts again on every run (README,
# Run every test). The compiled files go to __pycache__ (ignored by git) and serve the next run.
sys.dont_write_bytecode = False


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist's controller runs no test: it starts the workers at once instead of importing
    # Streamlit first, and each worker makes these changes for itself
    if config.getoption("dist", "no") != "no" and not hasattr(config, "workerinput"):
        return
    from streamlit.components.v2 import manifest_scanner
    from streamlit.testing.v1 import app_test

    # Every new AppTest scans the metadata of every installed package for Streamlit components, most of
    # an AppTest's cost on a small package. What is installed does not change while the tests run: scan
    # once.
    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)
    # Likewise every AppTest run compiles dashboard.py and its page anew (a new ScriptCache each run),
    # where a server compiles each once: the scripts do not change while the tests run, so one cache
    # serves them all.
    app_test.ScriptCache = functools.cache(app_test.ScriptCache)


CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # the network is closed: otherwise many refused connections
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run dashboard.py` on a free loopback port, optionally over another data package and
    with further environment variables (`settings`)."""

    def __init__(self, figures_root: Path | None = None, **settings: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **settings}
        if figures_root is not None:
            env["FIGURES_ROOT"] = str(figures_root)
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        # The log goes to a file, not a pipe: nobody reads a pipe while tests run, and once its 64 KiB
        # buffer fills with tracebacks the server blocks on its next write and every page hangs.
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in stop())
            "w+", prefix=f"streamlit-{self.port}-", suffix=".log", delete=False
        )
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT, text=True
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                raise RuntimeError(f"streamlit did not start:\n{self.output()}")
            time.sleep(0.05)

    def output(self) -> str:
        """Everything the server printed so far (tracebacks of failed reruns land here)."""
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[str]:
    server = StreamlitServer()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def base_url(streamlit_server: str) -> str:
    # overrides pytest-playwright's base_url, so page.goto("/") targets the server
    return streamlit_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    # Playwright cannot download its own browser here: use Debian's. CI must never skip browser tests.
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


# --- the data packages AppTest runs on, shared by test_app.py and test_share.py ---

MINI = REPO / "tests" / "fixtures" / "mini_app"


@pytest.fixture
def mini(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini fixture package (FIGURES_ROOT)."""
    monkeypatch.setenv("FIGURES_ROOT", str(MINI))
    return MINI


@pytest.fixture(scope="session")
def curated() -> Loaded:
    """The curated tables of the repository, loaded once for the session (read-only), which must load
    clean."""
    from figures.tables import load as tables

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("FIGURES_ROOT", raising=False)
        loaded = tables.load()
    assert not loaded.problems and not loaded.figures.empty, "the curated tables must load clean"
    return loaded


@pytest.fixture
def real(monkeypatch: pytest.MonkeyPatch, curated: Loaded) -> Loaded:
    """The curated tables, with the app reading them too (no FIGURES_ROOT)."""
    monkeypatch.delenv("FIGURES_ROOT", raising=False)
    return curated


# --- browser helpers shared by test_browser.py and test_untrusted_browser.py ---

APP_IDLE = (
    '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
)


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Wait until the script run triggered by the last navigation or widget change has finished.

    `notRunning` alone is also true *before* a rerun starts, so the caller first waits on something the
    new run draws (a URL, an element); this then makes sure no element is still stale from the old run.
    """
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=timeout
    )


@pytest.fixture
def page_errors(page: Page) -> Iterator[list[str]]:
    """Uncaught JavaScript errors of the page under test; the test fails if any occurred."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield errors
    assert errors == [], f"uncaught JavaScript errors: {errors}"


def open_page(page: Page, url: str, timeout: float = 30_000) -> None:
    """Navigate and wait until the first script run has drawn the page and finished."""
    page.goto(url)
    # an element in the main area exists only once a run has started; then wait for that run to end
    page.wait_for_selector(
        '[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]', timeout=timeout
    )
    wait_for_app(page, timeout)


def grow_viewport_to_content(page: Page) -> None:
    """Make the viewport as tall as the page, so a full-page screenshot shows everything.

    Streamlit scrolls inside `section.stMain`, not the document, so `full_page=True` alone captures
    only the first screen (measured: document 720 px high for 1,727 px of content). Some elements
    (st.html, plotly) draw after the script run ends and a resize re-flows charts, so this waits for
    the content height to hold still before and after each resize.
    """
    for _ in range(5):
        height = page.evaluate(_SETTLED_CONTENT_HEIGHT)
        if height <= page.viewport_size["height"]:
            return
        page.set_viewport_size({"width": page.viewport_size["width"], "height": min(height, 16_000)})


# The content height once lazily loaded elements have drawn (st.dataframe's grid, plotly's SVG) and the
# height has then held for 300 ms (or after 10 s, so a page that never settles still gets its screenshot).
_SETTLED_CONTENT_HEIGHT = """() => new Promise(resolve => {
    const height = () => Math.max(window.innerHeight, ...['stMain', 'stSidebarContent'].map(id =>
        document.querySelector(`[data-testid="${id}"]`)?.scrollHeight ?? 0));
    const all = (sel, inner) => [...document.querySelectorAll(sel)].every(el => el.querySelector(inner));
    const drawn = () =>
        all('[data-testid="stDataFrame"]', 'canvas') && all('[data-testid="stPlotlyChart"]', '.main-svg');
    let last = -1, since = performance.now();
    const started = since;
    const tick = () => {
        const now = performance.now(), h = height();
        if (h !== last || !drawn()) { last = h; since = now; }
        if (now - since >= 300 || now - started > 10000) resolve(h);
        else requestAnimationFrame(tick);
    };
    tick();
})"""


def follow(page: Page, link: Locator) -> Page:
    """Click a link and return the page it opened: a new tab for target=_blank (Streamlit opens markdown
    links that way), else the same page."""
    if link.get_attribute("target") == "_blank":
        with page.context.expect_page() as opened:
            link.click()
        return opened.value
    link.click()
    return page


# --- AppTest downloads, shared by test_app.py and test_hostile_files.py ---


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What st.download_button hands to the media file storage, by file id."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    saved: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        saved[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return saved


def download(at: AppTest, label: str, saved: dict[str, bytes]) -> bytes:
    (button,) = [b for b in at.get("download_button") if b.proto.label == label]
    return saved[Path(button.proto.url).stem]
