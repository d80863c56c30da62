"""Speed benchmark of the dashboard in Chromium: first chart, filter changes, 1M figures, /data vs
Streamlit's text-only page, the data API vs Datasette, many readers. Prints the machine, a markdown table
for the README and the command that reproduces it.

    .venv/bin/python tests/benchmarks/bench.py [--figures 1000000] [--runs 5] [--samples 20]

Bounded: loopback servers only, fixed run counts and a fixed reader duration, every server stopped at the
end, temp packages deleted. Not part of the pytest suite (speed is measured here, never in timed tests).
Datasette lives only in its own venv (.venv-ds, created on first use), never in the app's.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import math
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))  # run as a script: make `figures` importable

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [  # as tests/conftest.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 60_000  # any single wait; a hung page fails the run instead of hanging the benchmark

# Installed in every page before its scripts run: timestamps of the websocket and of the user's action,
# and a signature of what the charts show, so "updated" is a DOM condition evaluated inside the page.
INIT_JS = r"""
(() => {
  const Native = window.WebSocket;
  const ws = (window.__ws = { created: null, open: null, first: null, messages: 0, bytes: 0 });
  function Patched(...args) {
    const sock = new Native(...args);
    ws.created ??= performance.now();
    sock.addEventListener('open', () => { ws.open ??= performance.now(); });
    sock.addEventListener('message', (e) => {
      ws.first ??= performance.now();
      ws.messages += 1;
      const d = e.data;
      ws.bytes += d.byteLength ?? d.size ?? d.length ?? 0;
    });
    return sock;
  }
  Patched.prototype = Native.prototype;
  Object.assign(Patched, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Patched;

  // t0 of a filter change: the pointerdown on a chip's remove button, or the Enter that picks an option
  window.__t0 = null;
  addEventListener('pointerdown', (e) => {
    if (e.target.closest && e.target.closest('button[aria-label^="Remove"]')) window.__t0 = e.timeStamp;
  }, true);
  addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__t0 = e.timeStamp; }, true);

  // Every chart on the page, plotly or Vega-Lite: its title, traces (plotly) or mark layers (Vega), how
  // many marks it draws, and whether it is on screen. Only charts that have drawn are listed.
  const view = (el) => {
    const r = el.getBoundingClientRect();
    return r.top < innerHeight && r.bottom > 0;
  };
  const plotly = () => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
    .filter((gd) => gd._fullData && gd.querySelector('.main-svg'))
    .map((gd) => {
      const title = gd._fullLayout && gd._fullLayout.title ? String(gd._fullLayout.title.text ?? '') : '';
      const traces = gd._fullData.map(
        (t) => [t.name ?? '', t.type, t._length ?? (t.x || t.y || t.values || []).length ?? 0]);
      const marks = traces.reduce((n, t) => n + (Number(t[2]) || 0), 0);
      const webgl = traces.some((t) => /gl$/.test(t[1]));
      return { title, traces, marks, webgl, inView: view(gd) };
    });
  const vega = () => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .map((el) => [el, el.querySelector('svg.marks, canvas.marks')])
    .filter(([, drawn]) => drawn)
    .map(([el, drawn]) => {
      const layers = [...drawn.querySelectorAll('.mark-symbol.role-mark, .mark-rule.role-mark')]
        .map((g) => [g.getAttribute('class'), 'vega', g.childElementCount]);
      const marks = layers.reduce((n, t) => n + t[2], 0);
      // the axis and legend labels stand in for a title: they name the claims drawn
      return { title: drawn.textContent ?? '', traces: layers, marks, webgl: false, inView: view(el) };
    });
  window.__charts = () => [...plotly(), ...vega()];
  // what the reader sees: the charts' titles and traces, and the text of the page
  window.__sig = () => JSON.stringify([
    window.__charts().map((c) => [c.title, c.traces]),
    (document.querySelector('[data-testid="stMain"]') || document.body).innerText,
  ]);
})();
"""
# True once a chart is drawn with data and on screen; records when, in the page's clock.
FIRST_CHART_JS = """() => {
  const c = window.__charts().filter((c) => c.inView && c.marks > 0);
  if (!c.length) return false;
  window.__firstChart ??= performance.now();
  return true;
}"""
# True once a rerun after the user's action has finished and the charts show something else.
UPDATED_JS = """(before) => {
  if (window.__t0 === null) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (window.__sig() === before) return false;
  window.__t1 ??= performance.now();
  return true;
}"""


# ---------------------------------------------------------------------------------------------- stats


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else math.nan


def p95(xs: list[float]) -> float:
    """Nearest-rank 95th percentile (with 20 samples: the 19th smallest)."""
    if not xs:
        return math.nan
    ordered = sorted(xs)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass
class Row:
    """One line of the results table."""

    what: str
    target: str
    median: str
    p95: str = ""
    n: str = ""
    ok: bool | None = None  # None: no target


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self, what: str, target: str, med: str, p: str = "", n: int | str = "", ok: bool | None = None
    ) -> None:
        self.rows.append(Row(what, target, med, p, str(n), ok))
        status = "" if ok is None else ("  PASS" if ok else "  MISS")
        print(f"  {what}: {med}{' p95 ' + p if p else ''} (n={n}){status}", file=sys.stderr, flush=True)

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", file=sys.stderr, flush=True)

    def markdown(self) -> str:
        lines = ["| measure | target | median | p95 | n | |", "|---|---|---|---|---|---|"]
        for r in self.rows:
            mark = "" if r.ok is None else ("✅" if r.ok else "❌")
            lines.append(f"| {r.what} | {r.target} | {r.median} | {r.p95} | {r.n} | {mark} |")
        return "\n".join(lines)


def ms(x: float) -> str:
    return "–" if math.isnan(x) else f"{x:.0f} ms"


def secs(x: float) -> str:
    return "–" if math.isnan(x) else f"{x:.2f} s"


# -------------------------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}) before {url} answered")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.05)


def proc_stat(stat: Path) -> tuple[str, int, float]:
    """A process's /proc/PID/stat: (command name, parent pid, CPU seconds used so far, user + system)."""
    head, tail = stat.read_text().rsplit(")", 1)  # the name, in parentheses, may hold spaces
    fields = tail.split()
    return (
        head.split("(", 1)[1],
        int(fields[1]),
        (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"),
    )


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    log: Path

    def rss_mb(self) -> float:
        """The server's resident memory (VmRSS) now."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return math.nan

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far."""
        return proc_stat(Path(f"/proc/{self.proc.pid}/stat"))[2]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def streamlit_cmd(app: str, port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", app,
        "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip


HEALTH = {"streamlit": "/_stcore/health", "datasette": "/-/versions.json"}


@contextmanager
def _served(name: str, cmd: list[str], port: int, env: dict[str, str] | None, logs: Path) -> Iterator[Server]:
    """A server on `port`, logging to logs/<name>-<port>.log, ready once its health URL answers."""
    log = logs / f"{name}-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    try:
        wait_http(f"{server.url}{HEALTH[name]}", proc, 60)
        yield server
    finally:
        server.stop()


@contextmanager
def streamlit(
    app: str, figures_root: Path | None, logs: Path, extra_env: dict[str, str] | None = None
) -> Iterator[Server]:
    """`streamlit run app` on a free loopback port, over the package at `figures_root` (None: the repo's)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "FIGURES_ROOT"}
    if figures_root is not None:
        env["FIGURES_ROOT"] = str(figures_root)
    env.update(extra_env or {})
    with _served("streamlit", streamlit_cmd(app, port), port, env, logs) as server:
        yield server


@contextmanager
def datasette(venv: Path, db: Path, logs: Path) -> Iterator[Server]:
    port = free_port()
    cmd = [str(venv / "bin" / "datasette"), "serve", str(db), "--host", "127.0.0.1", "--port", str(port)]
    with _served("datasette", cmd, port, None, logs) as server:
        yield server


DATASETTE_PACKAGES = ("datasette==0.65.5", "sqlite-utils==4.2.1")  # the versions of the README's Speed rows


def bench_venv(venv: Path) -> Path:
    """The benchmark's own venv with datasette + sqlite-utils (never an app dependency)."""
    if not (venv / "bin" / "datasette").exists():
        print(f"creating {venv} (datasette, sqlite-utils) ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", *DATASETTE_PACKAGES], check=True, timeout=600
        )
    return venv


def sqlite_db(venv: Path, export_csv: Path, db: Path) -> None:
    """The rows the data API serves (its own CSV, every column), as the table `figures` for Datasette,
    indexed on the columns the benchmark filters by."""
    utils = str(venv / "bin" / "sqlite-utils")
    db.unlink(missing_ok=True)
    subprocess.run([utils, "insert", str(db), "figures", str(export_csv), "--csv"], check=True)
    for column in ("city", "quantity_id"):
        subprocess.run([utils, "create-index", str(db), "figures", column], check=True)


def http_get(url: str) -> tuple[float, bytes]:
    """(ms from request to the last byte of the body, the body) of one GET on a new connection."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, body


# ------------------------------------------------------------------------------------------- browsers


async def fresh_page(browser: Browser) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    await context.add_init_script(INIT_JS)
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return context, page


# Where the first chart's time went (page clock, ms) and what the page fetched.
TIMING_JS = """() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource');
      const bundle = res.find((r) => /PlotlyChart|\\/embed\\./.test(r.name));
      const fonts = res.filter((r) => /\\.(woff2?|ttf)/.test(r.name));
      return {
        html: nav.responseEnd,
        dom: nav.domContentLoadedEventEnd,
        ws_created: window.__ws.created, ws_open: window.__ws.open, ws_first: window.__ws.first,
        bundle_start: bundle ? bundle.startTime : null,
        bundle_end: bundle ? bundle.responseEnd : null,
        chart: window.__firstChart,
        bytes: res.reduce((n, r) => n + (r.transferSize || 0), nav.transferSize || 0),
        font_bytes: fonts.reduce((n, r) => n + (r.transferSize || 0), 0),
        requests: res.length,
        charts: window.__charts().length,
        charts_in_view: window.__charts().filter((c) => c.inView).length,
        ws_bytes: window.__ws.bytes,
      };
    }"""


async def timed_load(
    browser: Browser, url: str, ready_js: str, details_js: str | None = None
) -> tuple[float, dict]:
    """Fresh context → `ready_js` true: (wall ms, what `details_js` then reads from the page)."""
    started = time.perf_counter()
    context, page = await fresh_page(browser)
    try:
        await page.goto(url)
        await page.wait_for_function(ready_js, polling="raf")
        wall = (time.perf_counter() - started) * 1000
        return wall, await page.evaluate(details_js) if details_js else {}
    finally:
        await context.close()


async def first_chart(browser: Browser, url: str, ready_js: str = FIRST_CHART_JS) -> dict:
    """Fresh context → first chart drawn on screen, with where the time went (page clock, ms)."""
    wall, timing = await timed_load(browser, url, ready_js, TIMING_JS)
    return {**timing, "wall": wall}


async def open_multiselect_value(page: Page, label: str, value: str) -> None:
    """Pick `value` in the sidebar multiselect labelled `label`: type it and press Enter (t0 = Enter)."""
    widget = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.locator("label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    )
    box = widget.locator("input").first
    await box.click()
    await box.fill(value)
    await page.get_by_role("option", name=value, exact=True).first.wait_for()
    await box.press("Enter")


async def filter_change(page: Page, label: str, value: str) -> float:
    """Toggle `value` in a sidebar filter; ms from the user's action to the charts showing the new state."""
    before = await page.evaluate("() => { window.__t0 = null; window.__t1 = null; return window.__sig(); }")
    remove = page.locator(f'[data-testid="stSidebar"] button[aria-label="Remove {value}"]')
    if await remove.count():
        await remove.first.click()
    else:
        await open_multiselect_value(page, label, value)
    await page.wait_for_function(UPDATED_JS, arg=before, polling="raf")
    return await page.evaluate("() => window.__t1 - window.__t0")


async def load_page(page: Page, url: str) -> None:
    await page.goto(url)
    await page.wait_for_function(FIRST_CHART_JS, polling="raf")


async def filter_samples(
    browser: Browser, url: str, label: str, values: list[str], samples: int
) -> list[float]:
    context, page = await fresh_page(browser)
    try:
        await load_page(page, url)
        out = []
        for i in range(samples + 2):
            latency = await filter_change(page, label, values[i % len(values)])
            if i >= 2:  # the first two load the widget's lazy chunks: warm-up, not counted
                out.append(latency)
        return out
    finally:
        await context.close()


SETTLED_JS = """() => !!document.querySelector('[data-testid="stMain"] h1')
  && !document.querySelector('[data-stale="true"]')
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every((c) => c.querySelector('.main-svg'))
  && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .every((c) => c.querySelector('svg.marks, canvas.marks'))"""


async def chart_marks(browser: Browser, url: str) -> tuple[int, int, bool]:
    """(largest number of marks in one chart, charts on the page, any WebGL trace) as drawn at `url`."""
    context, page = await fresh_page(browser)
    try:
        await page.goto(url)
        with suppress(PlaywrightTimeout):  # a page may have no chart at all (/sources without an article)
            await page.wait_for_function("() => window.__charts().length > 0", polling=100, timeout=20_000)
        charts, previous = [], None
        for _ in range(40):  # until every chart is drawn and their number holds for half a second
            await page.wait_for_function(SETTLED_JS, polling=100)
            charts = await page.evaluate("() => window.__charts()")
            if previous is not None and len(charts) == previous:
                break
            previous = len(charts)
            await page.wait_for_timeout(500)
        return max((c["marks"] for c in charts), default=0), len(charts), any(c["webgl"] for c in charts)
    finally:
        await context.close()


DATA_TABLE_JS = """() => {
  const canvas = document.querySelector('[data-testid="stDataFrame"] canvas');
  if (!canvas || canvas.width === 0) return false;
  window.__tablePaint ??= performance.now();
  return true;
}"""
# Rows in the st.dataframe grid: glide-data-grid draws on a canvas, so count by its scroll height
# (35 px a row, one header row; Streamlit's defaults).
TABLE_ROWS_JS = """() => {
  const s = document.querySelector('[data-testid="stDataFrame"] .dvn-scroller');
  return { rows: s ? Math.round(s.scrollHeight / 35) - 1 : null, ws_bytes: window.__ws.bytes };
}"""


# ------------------------------------------------------------------------------------- many readers


@dataclass
class ReaderStats:
    latencies: list[float] = field(default_factory=list)
    exceptions: int = 0
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    timeouts: int = 0
    loads: list[float] = field(default_factory=list)  # seconds each session took to show its first chart
    cpu: tuple[float, float] = (math.nan, math.nan)  # CPU s of the browsers, the server, while changing
    metered: int = 0  # filter changes in that time


async def reader(
    browser: Browser,
    url: str,
    values: list[str],
    seconds: float,
    start: asyncio.Barrier,
    stats: ReaderStats,
    n: int,
    think: float,
) -> None:
    context, page = await fresh_page(browser)
    page.on("console", lambda m: stats.console_errors.append(m.text[:200]) if m.type == "error" else None)
    page.on("pageerror", lambda e: stats.console_errors.append(str(e)[:200]))
    page.on("requestfailed", lambda r: stats.failed_requests.append(f"{r.url} {r.failure}"))
    page.on(
        "response", lambda r: stats.failed_requests.append(f"{r.url} {r.status}") if r.status >= 400 else None
    )
    try:
        loaded = True
        started = time.perf_counter()
        try:  # twenty fresh contexts each parse plotly's 4.7 MB bundle at once: allow minutes, not seconds
            await page.goto(url, timeout=300_000)
            await page.wait_for_function(FIRST_CHART_JS, polling=100, timeout=300_000)
            stats.loads.append(time.perf_counter() - started)
        except PlaywrightTimeout:
            stats.timeouts += 1
            loaded = False
        await start.wait()  # everyone starts changing filters at once
        if not loaded:
            return
        deadline = time.monotonic() + seconds
        i = n  # readers start on different values, so the server sees different queries at once
        while time.monotonic() < deadline:
            try:
                stats.latencies.append(await filter_change(page, "City", values[i % len(values)]))
            except PlaywrightTimeout:
                stats.timeouts += 1
            stats.exceptions += await page.locator('[data-testid="stException"]').count()
            i += 1
            await asyncio.sleep(think)  # a reader looks at the charts before the next change
    finally:
        await context.close()


def browser_cpu_seconds() -> float:
    """CPU time (user + system) used so far by the live Chromium processes this benchmark started."""
    parent, cpu, chromium = {}, {}, set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError):  # a process may end while it is read
            pid = int(stat.parent.name)
            name, parent[pid], cpu[pid] = proc_stat(stat)
            if "chrom" in name:
                chromium.add(pid)

    def ours(pid: int) -> bool:
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parent.get(pid, 0)
        return False

    return sum(cpu[pid] for pid in chromium if ours(pid))


async def many_readers(
    browser: Browser, server: Server, values: list[str], k: int, seconds: float, think: float
) -> ReaderStats:
    """`k` sessions at once, each in its own context, changing filters for `seconds` after all have loaded,
    `think` seconds between one reader's changes (0: back to back). Also records the CPU the browsers and
    the server used while the readers changed filters."""
    stats = ReaderStats()
    start = asyncio.Barrier(k + 1)

    async def meter() -> None:
        await start.wait()
        before = browser_cpu_seconds(), server.cpu_seconds(), len(stats.latencies)
        await asyncio.sleep(seconds)  # measured before the readers close their pages (and their CPU counts)
        stats.cpu = browser_cpu_seconds() - before[0], server.cpu_seconds() - before[1]
        stats.metered = len(stats.latencies) - before[2]

    url = server.url + "/"
    readers = (reader(browser, url, values, seconds, start, stats, n, think) for n in range(k))
    await asyncio.gather(meter(), *readers)
    return stats


# ------------------------------------------------------------------------------------------- machine


def machine(browser_version: str) -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown",
    )
    mem = next(
        (
            int(line.split()[1]) / 1024 / 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        math.nan,
    )
    import pandas
    import plotly
    import streamlit

    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; memory {mem:.1f} GiB; {platform.platform()}",
        f"- Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
        f"pandas {pandas.__version__}, plotly {plotly.__version__}, "
        f"Chromium {browser_version} (headless, {CHROMIUM})",
    ]


def figure_count(root: Path | None) -> int:
    from figures.rules.schema import FIGURE_FILES
    from figures.tables.layout import layout

    where = layout(root)
    total = 0
    for name in FIGURE_FILES.values():
        path = where.data_dir / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                total += sum(1 for _ in csv.reader(handle)) - 1
    return total


def first_filter_values(root: Path | None, n: int = 3) -> list[str]:
    """The cities with the most figures: removing or adding them surely changes the charts."""
    from figures.tables.layout import layout

    where = layout(root)
    with (where.data_dir / "quantities.csv").open(encoding="utf-8", newline="") as handle:
        cities = [row["city"] for row in csv.DictReader(handle)]
    ranked = sorted(set(cities), key=lambda c: (-cities.count(c), c))
    return ranked[:n]


# ----------------------------------------------------------------------------------------- sections


async def section_first_chart(
    b: Bench, url: str, what: str, target: float | None, ready_js: str = FIRST_CHART_JS
) -> None:
    results = [await first_chart(b.browser, url, ready_js) for _ in range(b.args.runs)]
    walls = [r["wall"] for r in results]
    b.report.add(
        f"fresh context → first chart visible, {what}",
        f"≤ {target / 1000:.1f} s" if target else "",
        secs(median(walls) / 1000),
        secs(p95(walls) / 1000),
        len(walls),
        None if target is None else median(walls) <= target,
    )

    def med(key: str, scale: float = 1) -> str:
        values = [r[key] / scale for r in results if r.get(key) is not None]
        return f"{median(values):.0f}" if values else "–"

    b.report.note(
        f"{what}, where the time goes (ms after navigation start, page clock, medians): html {med('html')}, "
        f"DOMContentLoaded {med('dom')}, websocket created {med('ws_created')} / open {med('ws_open')} / "
        f"first message {med('ws_first')}, chart bundle (PlotlyChart.js or Vega's embed.js) requested "
        f"{med('bundle_start')} / received {med('bundle_end')}, first chart drawn {med('chart')}; "
        f"{med('charts')} charts on the page, {med('charts_in_view')} in the first viewport; "
        f"{med('bytes', 1e3)} kB over HTTP (fonts {med('font_bytes', 1e3)} kB), {med('ws_bytes', 1e3)} kB "
        "over the websocket"
    )


async def section_filters(
    b: Bench, url: str, values: list[str], what: str, p50: float, p95_target: float | None
) -> None:
    lat = await filter_samples(b.browser, url, "City", values, b.args.samples)
    target = f"p50 ≤ {p50:.0f} ms" + (f", p95 ≤ {p95_target:.0f} ms" if p95_target else "")
    ok = median(lat) <= p50 and (p95_target is None or p95(lat) <= p95_target)
    b.report.add(
        f"filter change → charts updated, {what}", target, ms(median(lat)), ms(p95(lat)), len(lat), ok
    )


def run_check(root: Path, timeout_s: float = 900) -> tuple[float, int, str]:
    """`python -m figures check --root` as a user runs it: (seconds, exit code, summary line)."""
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "figures", "check", "--root", str(root)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - started, -1, f"killed after {timeout_s:.0f} s"
    return time.perf_counter() - started, result.returncode, (result.stdout.strip().splitlines() or [""])[-1]


@dataclass
class Bench:
    """What every section needs: the browser, the arguments, where to log, the report being built."""

    browser: Browser
    args: argparse.Namespace
    logs: Path
    work: Path
    report: Report


# True once the baseline's text-only page shows its paragraph: Streamlit's own floor, with no chart.
TEXT_JS = """() => {
  const shown = [...document.querySelectorAll('[data-testid="stMarkdownContainer"] p')]
    .some((p) => p.textContent.includes('no chart'));
  if (shown) window.__firstChart ??= performance.now();
  return shown;
}"""
BASELINES = (  # (what, environment of baseline_app.py, ready check, filter-change targets measured too)
    ("default Streamlit page, one plotly chart (floor)", {}, FIRST_CHART_JS, True),
    ("same page with five plotly charts (a Compare page's)", {"BASELINE_CHARTS": "5"}, FIRST_CHART_JS, True),
    (
        "same page with five Vega-Lite charts",
        {"BASELINE_LIB": "altair", "BASELINE_CHARTS": "5"},
        FIRST_CHART_JS,
        True,
    ),
    ("same page with text only: Streamlit's own floor", {"BASELINE_LIB": "none"}, TEXT_JS, False),
)


async def run_baseline(b: Bench) -> None:
    """The floors: a default Streamlit page with the dashboard's filter widget and one plotly chart, as
    many charts as a Compare page in plotly and in Vega-Lite, and no chart at all."""
    print("baseline app ...", file=sys.stderr, flush=True)
    app = str(BENCH_DIR / "baseline_app.py")
    for what, env, ready, filters in BASELINES:
        with streamlit(app, None, b.logs, env) as server:
            url = server.url + "/"
            await first_chart(b.browser, url, ready)  # warm the server
            await section_first_chart(b, url, what, None, ready)
            if filters:
                await section_filters(b, url, ["Mosul", "Raqqa"], what, 200, 350)


async def run_seed(b: Bench) -> None:
    """The dashboard on the seed data (or --seed-root): first chart, filter changes, many readers."""
    root = b.args.seed_root
    label = f"seed data ({figure_count(root)} figures)"
    print(f"dashboard, {label} ...", file=sys.stderr, flush=True)
    values = first_filter_values(root)
    with streamlit("dashboard.py", root, b.logs) as server:
        url = server.url + "/"
        await load_first(b.browser, url)  # the first session loads the tables: start-up, not page speed
        await section_first_chart(b, url, label, 1500)
        await section_filters(b, url, values, label, 200, 350)
        if not b.args.skip_readers:
            await section_readers(b, server, values, label)
    await section_data_vs_text(b, root, label)
    if not b.args.skip_datasette:
        await section_api_vs_datasette(b, root, label)


async def section_readers(b: Bench, server: Server, values: list[str], label: str) -> None:
    k, seconds = b.args.readers, b.args.readers_seconds
    print(f"{k} readers for {seconds:.0f} s ...", file=sys.stderr, flush=True)
    stats = await many_readers(b.browser, server, values, k, seconds, b.args.think_seconds)
    errors = stats.exceptions + len(stats.console_errors) + len(stats.failed_requests) + stats.timeouts
    b.report.add(
        f"{k} readers at once for {seconds:.0f} s, a filter change each "
        + (f"then {b.args.think_seconds:g} s looking" if b.args.think_seconds else "back to back")
        + f", {label}",
        "p95 ≤ 1 s, 0 errors",
        ms(median(stats.latencies)),
        ms(p95(stats.latencies)),
        len(stats.latencies),
        p95(stats.latencies) <= 1000 and errors == 0,
    )
    browser_cpu, server_cpu = (x / max(1, stats.metered) * 1000 for x in stats.cpu)
    b.report.note(
        f"{k} readers: {stats.exceptions} stException elements, {len(stats.console_errors)} console errors, "
        f"{len(stats.failed_requests)} failed requests, {stats.timeouts} timeouts; {len(stats.loads)} "
        f"sessions loaded within {max(stats.loads, default=math.nan):.0f} s; server RSS after "
        f"{server.rss_mb():.0f} MB. CPU per filter change while they changed filters: the browsers "
        f"{browser_cpu:.0f} ms, the server {server_cpu:.0f} ms ({stats.metered} changes). On "
        f"{os.cpu_count()} cores, {k} readers' changes need at least "
        f"{k * (browser_cpu + server_cpu) / 1000 / (os.cpu_count() or 1):.1f} s of the machine per round"
        + (f"; first console error: {stats.console_errors[0]}" if stats.console_errors else "")
        + (f"; first failed request: {stats.failed_requests[0]}" if stats.failed_requests else "")
    )


async def run_big(b: Bench) -> None:
    """--figures synthetic figures: synthesize, check, then the dashboard over them."""
    n = b.args.figures
    big = b.work / "big"
    label = f"{n} synthetic figures"
    print(f"synthesize {n} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    synth = [
        sys.executable,
        "-m",
        "figures",
        "synthesize",
        "--figures",
        str(n),
        "--out",
        str(big),
        "--seed",
        "1",
    ]
    subprocess.run(synth, cwd=REPO, check=True, timeout=900)
    b.report.add(f"`figures synthesize --figures {n}`", "", secs(time.perf_counter() - started), n=1)
    print(f"check {n} ...", file=sys.stderr, flush=True)
    elapsed, rc, last = run_check(big)
    ok = elapsed < 60 and rc == 0
    b.report.add(f"`figures check` on {label}", "< 60 s, exit 0", secs(elapsed), n=1, ok=ok)
    b.report.note(f"check on {label}: exit {rc}, `{last}`")

    print(f"dashboard, {label} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    with streamlit("dashboard.py", big, b.logs) as server:
        url = server.url + "/"
        await load_first(b.browser, url)
        b.report.add(
            f"server start → first chart, {label} (loads the tables)",
            "",
            secs(time.perf_counter() - started),
            n=1,
        )
        rss_loaded = server.rss_mb()
        await section_first_chart(b, url, label, 1500)
        await section_filters(b, url, first_filter_values(big), label, 250, None)
        rss_after = server.rss_mb()
        b.report.add(
            f"server RSS after load / after the filter loop, {label}",
            "≤ 600 MB",
            f"{rss_loaded:.0f} / {rss_after:.0f} MB",
            n=1,
            ok=max(rss_loaded, rss_after) <= 600,
        )
        await section_marks(b, server, label)
        await section_data_rows(b, server, label)
    if b.args.datasette_big and not b.args.skip_datasette:
        await section_api_vs_datasette(b, big, label)


async def section_marks(b: Bench, server: Server, label: str) -> None:
    """No chart may ship the raw rows: count the marks plotly holds for each chart on each page."""
    marks = []
    for path in b.args.chart_pages:
        most, count, webgl = await chart_marks(b.browser, server.url + path)
        marks.append(most)
        b.report.note(f"{path} at {label}: {count} charts, largest {most} marks, WebGL traces: {webgl}")
    most = max(marks, default=0)
    pages = ", ".join(b.args.chart_pages)
    b.report.add(
        f"most marks in one chart ({pages}), {label}", "≤ a few thousand", str(most), n=1, ok=most <= 5000
    )


async def section_data_rows(b: Bench, server: Server, label: str) -> None:
    """/data first paint at scale, and how many rows it sends (it must page, not ship every row)."""
    walls, info = [], {}
    for _ in range(b.args.runs):
        wall, info = await timed_load(b.browser, server.url + "/data", DATA_TABLE_JS, TABLE_ROWS_JS)
        walls.append(wall)
    b.report.add(
        f"/data first paint, {label}", "", secs(median(walls) / 1000), secs(p95(walls) / 1000), len(walls)
    )
    rows = info.get("rows")
    b.report.add(
        f"/data rows in the table widget, {label}",
        "paged (≪ all rows)",
        f"{rows} rows, {info.get('ws_bytes', 0) / 1e6:.1f} MB over the websocket",
        n=1,
        ok=rows is not None and rows < b.args.figures,
    )


async def main_async(args: argparse.Namespace) -> int:
    logs = Path(tempfile.mkdtemp(prefix="cf-bench-logs-"))
    work = Path(tempfile.mkdtemp(prefix="cf-bench-"))
    report = Report()
    command = f"cd {shlex.quote(str(REPO))} && .venv/bin/python tests/benchmarks/bench.py " + shlex.join(
        sys.argv[1:]
    )
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        b = Bench(browser, args, logs, work, report)
        print("## Benchmark\n", flush=True)
        print("\n".join(machine(browser.version)), flush=True)
        try:
            if not args.skip_baseline:
                await run_baseline(b)
            if not args.skip_seed:
                await run_seed(b)
            if args.figures:
                await run_big(b)
        finally:
            await browser.close()
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
            print("\n" + report.markdown())
            print("\nNotes:\n" + "\n".join(f"- {n}" for n in report.notes))
            print(f"\nReproduce:\n\n```bash\n{command.strip()}\n```")
            print(f"(server logs: {logs})", file=sys.stderr)
    return 0 if all(r.ok is not False for r in report.rows) else 1


async def load_first(browser: Browser, url: str, timeout_s: float = 900) -> None:
    """One page load that may take long: the first session of a server reads the tables."""
    context, page = await fresh_page(browser)
    try:
        await page.goto(url, timeout=timeout_s * 1000)
        await page.wait_for_function(FIRST_CHART_JS, polling=100, timeout=timeout_s * 1000)
    finally:
        await context.close()


# Streamlit's own text-only page: a one-line `st.write` script, the floor of any Streamlit page here.
TEXT_ONLY_APP = 'import streamlit as st\n\nst.write("Streamlit\'s own text-only page")\n'
TEXT_ONLY_JS = """() => [...document.querySelectorAll('[data-testid="stMarkdownContainer"] p')]
  .some((p) => p.textContent.includes('text-only page'))"""


# /data: when its text first shows (the count of figures), then when its table is drawn (page clock).
DATA_PAINTS_JS = """() => {
  const text = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stCaptionContainer"]')]
    .some((e) => e.textContent.includes('figures pass the filters'));
  if (text) window.__textPaint ??= performance.now();
  const canvas = document.querySelector('[data-testid="stDataFrame"] canvas');
  if (!canvas || canvas.width === 0) return false;
  window.__tablePaint ??= performance.now();
  return window.__textPaint !== undefined;
}"""


async def section_data_vs_text(b: Bench, root: Path | None, label: str) -> None:
    """/data against Streamlit's text-only page, both served now, loads alternating: when /data's text
    first shows, and when its table is drawn (the grid's code is fetched only once the table arrives)."""
    print(f"/data vs Streamlit's text-only page, {label} ...", file=sys.stderr, flush=True)
    text_app = b.work / "text_only.py"
    text_app.write_text(TEXT_ONLY_APP, encoding="utf-8")
    first_text, table, text_only = [], [], []
    paints = "() => ({ text: window.__textPaint, table: window.__tablePaint })"
    with streamlit("dashboard.py", root, b.logs) as data, streamlit(str(text_app), None, b.logs) as text:
        await load_first(b.browser, data.url + "/")
        await timed_load(b.browser, data.url + "/data", DATA_PAINTS_JS)  # warm both
        await timed_load(b.browser, text.url + "/", TEXT_ONLY_JS)
        for _ in range(b.args.runs):  # alternate, so load on the machine hits both alike
            wall, at = await timed_load(b.browser, data.url + "/data", DATA_PAINTS_JS, paints)
            table.append(wall)
            first_text.append(wall - (at["table"] - at["text"]))
            text_only.append((await timed_load(b.browser, text.url + "/", TEXT_ONLY_JS))[0])
    for what, walls in (("first paint (its text)", first_text), ("table drawn", table)):
        ratio = median(walls) / median(text_only)
        b.report.add(
            f"/data {what} vs Streamlit's text-only page (one `st.write`), {label}",
            "≤ 1.3× the text-only page",
            f"{secs(median(walls) / 1000)} vs {secs(median(text_only) / 1000)} ({ratio:.2f}×)",
            f"{secs(p95(walls) / 1000)} vs {secs(p95(text_only) / 1000)}",
            len(walls),
            ratio <= 1.3,
        )


DATASETTE_MAX_ROWS = 1000  # Datasette's max_returned_rows: a query with more rows is not compared


def api_urls(app: Server, ds: Server, db: Path, api_query: dict, ds_query: dict) -> tuple[str, str]:
    """The same rows asked of the data API and of Datasette (as a JSON array, every row up to its cap)."""
    return (
        f"{app.url}/api/figures.json?{urlencode(api_query)}",
        f"{ds.url}/{db.stem}/figures.json?" + urlencode({**ds_query, "_shape": "array", "_size": "max"}),
    )


def report_api(b: Bench, what: str, api_ms: list[float], ds_ms: list[float]) -> None:
    ratio = median(api_ms) / median(ds_ms)
    b.report.add(
        f"data API JSON vs Datasette's JSON, {what}",
        "API ≤ Datasette",
        f"{median(api_ms):.1f} ms vs {median(ds_ms):.1f} ms ({ratio:.2f}×)",
        f"{p95(api_ms):.1f} ms vs {p95(ds_ms):.1f} ms",
        len(api_ms),
        ratio <= 1,
    )


async def section_api_vs_datasette(b: Bench, root: Path | None, label: str) -> None:
    """The data API's JSON against Datasette serving the same rows (the API's own CSV loaded into SQLite)
    as JSON, both served now, requests alternating, each on a new connection: first each quantity's rows
    asked once (the API writes them anew), then the same query again and again (the API keeps a small
    answer written), for every figure, one city's and one quantity's."""
    print(f"data API vs Datasette, {label} ...", file=sys.stderr, flush=True)
    venv = bench_venv(b.args.bench_venv)
    city = first_filter_values(root, 1)[0]
    with streamlit("dashboard.py", root, b.logs) as app:
        _, rows_csv = http_get(app.url + "/api/figures.csv")  # also loads the tables
        export = b.work / "api-figures.csv"
        export.write_bytes(rows_csv)
        quantities = list(
            dict.fromkeys(r["quantity_id"] for r in csv.DictReader(io.StringIO(rows_csv.decode("utf-8"))))
        )
        db = b.work / "figures.db"
        sqlite_db(venv, export, db)
        with datasette(venv, db, b.logs) as ds:
            http_get(api_urls(app, ds, db, {"quantity": "-"}, {})[1])  # Datasette's first request
            api_ms, ds_ms = [], []
            for quantity in quantities[: b.args.api_samples]:
                api_url, ds_url = api_urls(app, ds, db, {"quantity": quantity}, {"quantity_id": quantity})
                (api_time, api_body), (ds_time, ds_body) = http_get(api_url), http_get(ds_url)
                if len(json.loads(api_body)) != len(json.loads(ds_body)):
                    raise RuntimeError(f"API and Datasette differ on {quantity}: not the same rows")
                api_ms.append(api_time)
                ds_ms.append(ds_time)
            report_api(b, f"each quantity's rows asked once (first time), {label}", api_ms, ds_ms)
            queries = [  # (what, API query, Datasette filter on the same column)
                ("every figure", {}, {}),
                (f"city={city}", {"city": city}, {"city": city}),
                (f"quantity={quantities[0]}", {"quantity": quantities[0]}, {"quantity_id": quantities[0]}),
            ]
            for what, api_query, ds_query in queries:
                api_url, ds_url = api_urls(app, ds, db, api_query, ds_query)
                counts = [len(json.loads(http_get(url)[1])) for url in (api_url, ds_url)]  # warm both
                if counts[0] > DATASETTE_MAX_ROWS or counts[0] != counts[1]:
                    b.report.note(f"API vs Datasette, {what}: {counts[0]} vs {counts[1]} rows, not compared")
                    continue
                api_ms, ds_ms = [], []
                for _ in range(b.args.api_samples):  # alternate, so load on the machine hits both alike
                    api_ms.append(http_get(api_url)[0])
                    ds_ms.append(http_get(ds_url)[0])
                report_api(b, f"same {counts[0]} rows asked again ({what}), {label}", api_ms, ds_ms)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--figures", type=int, default=1_000_000, help="synthetic figures for the scale section (0: skip)"
    )
    parser.add_argument("--runs", type=int, default=5, help="fresh-context page loads per measure (≥ 5)")
    parser.add_argument("--samples", type=int, default=20, help="filter changes per measure (≥ 20)")
    parser.add_argument("--readers", type=int, default=20, help="concurrent browser sessions")
    parser.add_argument("--readers-seconds", type=float, default=60)
    parser.add_argument(
        "--think-seconds", type=float, default=1.0, help="a reader's pause between filter changes (0: none)"
    )
    parser.add_argument(
        "--seed-root", type=Path, default=None, help="package for the 'seed data' rows (default: the repo's)"
    )
    parser.add_argument(
        "--chart-pages",
        nargs="+",
        default=["/", "/timeline", "/sources"],
        help="pages whose charts are counted",
    )
    parser.add_argument(
        "--api-samples", type=int, default=30, help="requests per API and Datasette measure (alternating)"
    )
    parser.add_argument(
        "--bench-venv",
        type=Path,
        default=REPO / ".venv-ds",
        help="Datasette's own venv (README, Speed, measured)",
    )
    parser.add_argument(
        "--datasette-big", action="store_true", help="also compare the API with Datasette at --figures"
    )
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--skip-readers", action="store_true")
    parser.add_argument("--skip-datasette", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic package and sqlite db")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
