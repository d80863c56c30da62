"""Load generator for the dashboard that speaks Streamlit's own websocket protocol: no browser, so the
measure is the server. Starts a real `streamlit run dashboard.py` on a loopback port and drives waves of
concurrent sessions over `/_stcore/stream`, each one toggling the Compare page's City filter.

    .venv/bin/python tests/benchmarks/load.py --sessions 100 --waves 3 --wave-seconds 30 --change-every 2
    .venv/bin/python tests/benchmarks/load.py --sessions 20,40,60 --runs 3      # a sweep, medians of 3
    .venv/bin/python tests/benchmarks/load.py --probe --st runner.postScriptGC=false   # a config, explained
    .venv/bin/python -m figures synthesize --figures 1000000 --seed 1 --out /tmp/f1m
    .venv/bin/python tests/benchmarks/load.py --figures-root /tmp/f1m --sessions 20 --waves 2

The protocol, as Streamlit 1.67's frontend speaks it (server side: web/server/starlette/starlette_websocket.py
and runtime/app_session.py):
- a websocket to ws://HOST:PORT/_stcore/stream with `Sec-WebSocket-Protocol: streamlit`. The header's later
  entries are an XSRF token (checked only when an Origin header is sent: none here, so no cookie is
  needed) and a session id to resume (none: every connection is a new AppSession);
- nothing comes until the client sends a BackMsg `rerun_script` (a ClientState: query_string,
  page_script_hash, widget_states, context_info, cached_message_hashes). The server answers with
  ForwardMsgs: new_session, session_status_changed, page_config_changed, navigation (the page's hash),
  then `delta`s (new_element: markdown, vega_lite_chart, the sidebar multiselects with their ids and
  options; add_block; new_transient), page_info_changed (the query string the app set) and last
  script_finished (0 = success);
- a filter change is another `rerun_script` with the page's hash, the query string the app last set and
  a WidgetState {id: the multiselect's id from its delta, string_array_value: the chosen option labels}
  (MultiSelectSerde serialises to formatted option strings). The frontend would send every widget's
  value; the server keeps a widget's previous value when it is not sent, so the run is the same.
A change's latency is from sending that rerun_script to receiving its script_finished. Every change
alternates the City filter between empty and one city; a change whose Vega-Lite charts (by message hash)
are the same as the run before counts as `unchanged`, so a no-op is seen, not measured as a success.
Errors: a failed connect, a first run that fails, an exception element, a script_finished other than
success, a disconnect, a wait past --timeout.

Each wave opens N sessions within --ramp seconds, runs --wave-seconds, closes them all cleanly; the next
wave uses the same server. Per wave: changes, errors, latency p50/p95/max, changes/s, server CPU seconds
per change (/proc/PID/stat; the wave's first runs included), server RSS after the wave
(/proc/PID/status), and this process's own CPU in % of one core (the client must not be the bottleneck).
--st passes `streamlit run` options (e.g. server.disconnectedSessionTTL=0), --app-dir runs another copy of
the repository (so code edited meanwhile does not change a comparison), --replicas N serves from N
processes on N ports with session i kept on replica i mod N (what a sticky balancer does; CPU and RSS
are then the replicas' sums). With --probe the server runs
with a small in-process probe, a thread that answers halfway through and at the end of each wave: the
sessions active and kept for reconnection, AppSession objects alive, threads, file descriptors, objects
tracked by the garbage collector, and the time spent in full collections (Streamlit runs one after every
script run, runner.postScriptGC, and its cost grows with everything alive, kept sessions included).

Bounded: fixed waves and durations, a timeout on every wait, loopback only, the server stopped at the end.
Not part of the pytest suite.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import math
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bench
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.typing import Subprotocol

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # loopback only
PROBE_FLAG = "--serve-with-probe"  # internal: this file as the server's entry point, see serve_with_probe

# ------------------------------------------------------------------------------------------------ server


def cpu_seconds(pid: int) -> float:
    """user + system CPU seconds of a process, all its threads."""
    return bench.proc_stat(Path(f"/proc/{pid}/stat"))[2]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


class Server:
    """`streamlit run dashboard.py` on a free loopback port (as tests/conftest.py's StreamlitServer)."""

    def __init__(
        self, app_dir: Path, figures_root: Path | None, options: list[str], probe_dir: Path | None
    ) -> None:
        self.port = bench.free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.probe_dir = probe_dir
        env = {k: v for k, v in os.environ.items() if k != "FIGURES_ROOT"}
        if figures_root is not None:
            env["FIGURES_ROOT"] = str(figures_root)
        args = [
            "run", "dashboard.py",
            "--server.headless", "true", "--server.port", str(self.port), "--server.address", HOST,
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            *options,
        ]  # fmt: skip
        if probe_dir is None:
            self.cmd = [sys.executable, "-m", "streamlit", *args]
        else:
            self.cmd = [sys.executable, str(Path(__file__).resolve()), PROBE_FLAG, str(probe_dir), *args]
        # a file, not a pipe: nobody reads a pipe during the run, and a full one blocks the server
        self.log = Path(tempfile.mkstemp(prefix=f"streamlit-load-{self.port}-", suffix=".log")[1])
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(self.cmd, cwd=app_dir, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            bench.wait_http(f"{self.url}/_stcore/health", self.proc, 90)
        except (RuntimeError, TimeoutError):
            self.stop()
            raise RuntimeError(f"streamlit did not start:\n{self.output()}") from None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def probe(self, tag: str, timeout: float = 60) -> dict[str, Any]:
        """Ask the in-server probe for a snapshot (empty without --probe)."""
        if self.probe_dir is None:
            return {}
        answer = self.probe_dir / f"{tag}.json"
        (self.probe_dir / "request.tmp").write_text(tag)
        (self.probe_dir / "request.tmp").rename(self.probe_dir / "request")
        deadline = time.monotonic() + timeout
        while not answer.exists():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                return {"error": "no answer"}
            time.sleep(0.1)
        return json.loads(answer.read_text())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)


# --------------------------------------------------------------------------------- probe, in the server


def _probe_snapshot(gc_stats: dict[str, float]) -> dict[str, Any]:
    from streamlit.runtime import Runtime

    manager = Runtime.instance()._session_mgr  # WebsocketSessionManager
    storage = getattr(manager._session_storage, "_cache", None)  # MemorySessionStorage's TTLCache
    kinds = ("AppSession", "ScriptRunner", "SessionState", "ForwardMsgQueue", "_UnixSelectorEventLoop")
    alive: Counter[str] = Counter()
    types: Counter[str] = Counter()
    edges: Counter[str] = Counter()  # references each tracked object's traversal visits, by type
    big: list[tuple[int, str]] = []
    objects = gc.get_objects()
    for obj in objects:
        name = type(obj).__name__
        types[name] += 1
        edges[name] += len(gc.get_referents(obj))
        if name in kinds:
            alive[name] += 1
        if isinstance(obj, list | dict | tuple | set):
            big.append((len(obj), name))
    tracked = len(objects)
    del objects
    timings = {}
    for label, generation in (("gen0", 0), ("gen1", 1), ("full", 2), ("full_again", 2)):
        start = time.perf_counter()
        gc.collect(generation)  # Streamlit runs a full collection after every script run
        timings[label] = round((time.perf_counter() - start) * 1000, 2)
    full_gc = timings["full"] / 1000
    return {
        "active_sessions": len(manager._active_session_info_by_id),
        "stored_sessions": len(storage._data) if storage is not None else None,
        "stored_unexpired": storage.currsize if storage is not None else None,
        "alive": dict(alive),
        "threads": threading.active_count(),
        "thread_names": dict(Counter(t.name.rstrip("0123456789-_") for t in threading.enumerate())),
        "fds": len(os.listdir("/proc/self/fd")),
        "gc_tracked": tracked,
        "gc_frozen": gc.get_freeze_count(),
        "full_gc_now_ms": full_gc * 1000,
        "collect_ms": timings,
        "top_types": dict(types.most_common(12)),
        "gc_edges": sum(edges.values()),
        "top_edges": dict(edges.most_common(8)),
        "big_containers": sorted(big, reverse=True)[:8],
        "container_items": sum(n for n, _ in big),
        **gc_stats,
    }


def serve_with_probe(probe_dir: Path, streamlit_args: list[str]) -> None:
    """`streamlit <args>` in this process, plus a thread that writes a snapshot on request. The garbage
    collector's callbacks add up the time spent in full (generation 2) collections."""
    gc_stats = {"full_gc_count": 0, "full_gc_seconds": 0.0, "gc_seconds": 0.0}
    started: dict[str, float] = {}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started["t"] = time.perf_counter()
            return
        spent = time.perf_counter() - started.get("t", time.perf_counter())
        gc_stats["gc_seconds"] += spent
        if info.get("generation") == 2:
            gc_stats["full_gc_count"] += 1
            gc_stats["full_gc_seconds"] += spent

    def answer() -> None:
        request = probe_dir / "request"
        while True:
            time.sleep(0.2)
            if not request.exists():
                continue
            tag = request.read_text().strip()
            request.unlink()
            try:
                snapshot = _probe_snapshot(dict(gc_stats))
            except Exception as exc:  # a probe must never take the server down
                snapshot = {"error": repr(exc)}
            (probe_dir / "answer.tmp").write_text(json.dumps(snapshot))
            (probe_dir / "answer.tmp").rename(probe_dir / f"{tag}.json")

    gc.callbacks.append(on_gc)
    threading.Thread(target=answer, name="load-probe", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", *streamlit_args]
    cli.main()


# -------------------------------------------------------------------------------------------- sessions


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    status: int
    deltas: int
    charts: tuple[str, ...]  # the hashes of the Vega-Lite chart messages, in order
    exceptions: int


class Session:
    """One simulated browser tab: a websocket, the page's hash and query string as the frontend keeps them,
    and the hashes of the cacheable messages it has (sent back, as the frontend does)."""

    def __init__(self, url: str, widget_key: str, timeout: float) -> None:
        self.url = url
        self.widget_key = widget_key
        self.timeout = timeout
        self.ws: websockets.ClientConnection | None = None
        self.query_string = ""
        self.page_hash = ""  # "": the default page (Compare)
        self.cached: dict[str, str] = {}  # hash -> element type of each cacheable message received
        self.widget_id = ""
        self.options: list[str] = []

    async def connect(self) -> None:
        # The frontend's header is "streamlit, <xsrf token>, <session id to resume>"; the server selects
        # the first entry, checks the token only when an Origin is sent, and resumes no session here.
        self.ws = await asyncio.wait_for(
            websockets.connect(
                self.url,
                subprotocols=[Subprotocol("streamlit")],
                max_size=None,
                open_timeout=self.timeout,
                close_timeout=5,
                ping_interval=None,  # the server pings; the library answers
            ),
            self.timeout,
        )

    async def rerun(self, widgets: dict[str, list[str]] | None = None) -> Run:
        """A rerun_script BackMsg, then every ForwardMsg up to its script_finished."""
        assert self.ws is not None
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = self.url.replace("ws://", "http://").removesuffix("/_stcore/stream") + "/"
        state.cached_message_hashes.extend(sorted(self.cached))  # as the frontend: its message cache
        for widget_id, values in (widgets or {}).items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.string_array_value.data.extend(values)
        started = time.perf_counter()
        deltas, exceptions, charts = 0, 0, []
        async with asyncio.timeout(self.timeout):
            await self.ws.send(msg.SerializeToString())
            while True:
                data = await self.ws.recv()
                fwd = ForwardMsg()
                fwd.ParseFromString(data)
                kind = fwd.WhichOneof("type")
                if fwd.metadata.cacheable and fwd.hash and kind == "delta":
                    self.cached[fwd.hash] = fwd.delta.new_element.WhichOneof("type") or ""
                if kind == "script_finished":
                    return Run(
                        time.perf_counter() - started, fwd.script_finished, deltas, tuple(charts), exceptions
                    )
                if kind == "ref_hash":  # a message the client said it has: sent as a reference
                    deltas += 1
                    if self.cached.get(fwd.ref_hash) == "vega_lite_chart":
                        charts.append(fwd.ref_hash)
                elif kind == "delta":
                    deltas += 1
                    if fwd.delta.WhichOneof("type") == "new_element":
                        element = fwd.delta.new_element
                        what = element.WhichOneof("type")
                        if what == "vega_lite_chart":
                            charts.append(fwd.hash)
                        elif what == "exception":
                            exceptions += 1
                        elif what == "multiselect" and element.multiselect.id.endswith(f"-{self.widget_key}"):
                            self.widget_id = element.multiselect.id
                            self.options = list(element.multiselect.options)
                elif kind == "page_info_changed":  # the app set the URL: the frontend sends it back
                    self.query_string = fwd.page_info_changed.query_string
                elif kind == "navigation" and fwd.navigation.page_script_hash:
                    self.page_hash = fwd.navigation.page_script_hash

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 10)


@dataclass
class Wave:
    """One wave's results."""

    sessions: int
    connected: int = 0
    loads: list[float] = field(default_factory=list)  # each session's first run, seconds
    latencies: list[float] = field(default_factory=list)  # each filter change, seconds
    errors: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0
    charts: int = 0
    wall: float = math.nan
    server_cpu: float = math.nan
    client_cpu: float = math.nan
    rss_mb: float = math.nan
    probe: dict[str, Any] = field(default_factory=dict)  # at the end of the wave, sessions closed
    probe_mid: dict[str, Any] = field(default_factory=dict)  # halfway through, sessions open

    @property
    def changes(self) -> int:
        return len(self.latencies)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


TL = []
T0 = [0.0]


async def one_session(
    url: str, index: int, start: float, end: float, wave: Wave, args: argparse.Namespace
) -> None:
    """Open at `start`, load the page, toggle the city filter every --change-every s until `end`, close."""
    await asyncio.sleep(max(0.0, start - time.monotonic()))
    session = Session(url, args.widget_key, args.timeout)
    try:
        try:
            await session.connect()
        except (OSError, TimeoutError, websockets.WebSocketException) as exc:
            wave.errors[f"connect {type(exc).__name__}"] += 1
            return
        wave.connected += 1
        run = await session.rerun()
        wave.loads.append(run.seconds)
        if run.status != 0 or run.exceptions:
            wave.errors["first run failed"] += 1
            return
        if not session.widget_id:
            wave.errors[f"no {args.widget_key} widget"] += 1
            return
        previous, chosen, turn = run.charts, False, index
        next_change = time.monotonic() + args.change_every
        while next_change < end:
            await asyncio.sleep(next_change - time.monotonic())
            chosen = not chosen
            if chosen:
                turn += 1
            value = [session.options[turn % len(session.options)]] if chosen else []
            run = await session.rerun({session.widget_id: value})
            wave.latencies.append(run.seconds)
            TL.append((time.monotonic() - T0[0], run.seconds, index, value))
            wave.charts += len(run.charts)
            if run.status != 0:
                wave.errors[f"script_finished {ForwardMsg.ScriptFinishedStatus.Name(run.status)}"] += 1
            if run.exceptions:
                wave.errors["exception element"] += 1
            if run.charts == previous:
                wave.unchanged += 1
            previous = run.charts
            # closed loop, as a reader: the next change a fixed time after this one was due, or at once
            next_change = max(next_change + args.change_every, time.monotonic())
    except TimeoutError:
        wave.errors["timeout"] += 1
    except websockets.ConnectionClosed:
        wave.errors["disconnected"] += 1
    finally:
        await session.close()


async def run_wave(servers: list[Server], sessions: int, args: argparse.Namespace) -> Wave:
    """One wave; with several replicas, session i stays on replica i mod n, as a sticky balancer keeps a
    reader on one. CPU and RSS are the replicas' sums."""
    wave = Wave(sessions)
    server = servers[0]
    urls = [f"ws://{HOST}:{s.port}/_stcore/stream" for s in servers]
    cpu0, client0 = sum(cpu_seconds(s.pid) for s in servers), time.process_time()
    t0 = time.monotonic()
    T0[0] = t0
    TL.clear()
    end = t0 + args.wave_seconds
    tasks = [
        asyncio.create_task(
            one_session(urls[i % len(urls)], i, t0 + i * args.ramp / sessions, end, wave, args)
        )
        for i in range(sessions)
    ]
    if server.probe_dir is not None:  # a snapshot mid-wave too, while the sessions are open
        await asyncio.sleep(args.wave_seconds / 2)
        wave.probe_mid = await asyncio.to_thread(server.probe, f"mid{id(wave)}")
    _, pending = await asyncio.wait(tasks, timeout=args.wave_seconds + 2 * args.timeout + 30)
    for task in pending:
        task.cancel()
        wave.errors["hung"] += 1
    if pending:
        await asyncio.wait(pending, timeout=30)
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            wave.errors[f"client {type(task.exception()).__name__}"] += 1
    wave.wall = time.monotonic() - t0
    slow = [x for x in TL if x[1] > 0.3]
    import collections as C

    h = C.Counter(int(a) for a, b, i, v in slow)
    print("SLOW", len(slow), sorted(h.items()), file=sys.stderr)
    wave.server_cpu = sum(cpu_seconds(s.pid) for s in servers) - cpu0
    wave.client_cpu = time.process_time() - client0
    await asyncio.sleep(args.settle)  # the server handles the closes
    wave.rss_mb = sum(rss_mb(s.pid) for s in servers)
    return wave


async def warm_up(server: Server, args: argparse.Namespace) -> None:
    """One session loads the page once: the data is read into the server's cache before wave 1."""
    session = Session(f"ws://{HOST}:{server.port}/_stcore/stream", args.widget_key, 300)
    try:
        await session.connect()
        await session.rerun()
    finally:
        await session.close()


# ---------------------------------------------------------------------------------------------- report


def p95(xs: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    return sorted(xs)[max(0, math.ceil(0.95 * len(xs)) - 1)] if xs else math.nan


def median(xs: list[float]) -> float:
    xs = [x for x in xs if not math.isnan(x)]
    return statistics.median(xs) if xs else math.nan


def wave_row(w: Wave) -> dict[str, float]:
    return {
        "sessions": w.connected,
        "changes": w.changes,
        "errors": w.error_count,
        "unchanged": w.unchanged,
        "load p95 ms": p95(w.loads) * 1000,
        "p50 ms": median(w.latencies) * 1000,
        "p95 ms": p95(w.latencies) * 1000,
        "max ms": max(w.latencies, default=math.nan) * 1000,
        "changes/s": w.changes / w.wall,
        "server CPU s": w.server_cpu,
        "CPU ms/change": w.server_cpu / w.changes * 1000 if w.changes else math.nan,
        "RSS MB": w.rss_mb,
        "client CPU %": w.client_cpu / w.wall * 100,
    }


# With --probe, more columns: (snapshot, what). "mid": halfway through the wave, its sessions open;
# "end": after the wave, its sessions closed.
PROBE_COLUMNS: dict[str, tuple[str, Callable[[dict[str, Any]], Any]]] = {
    "kept (mid)": ("mid", lambda p: p.get("stored_sessions")),
    "AppSessions (mid)": ("mid", lambda p: p.get("alive", {}).get("AppSession")),
    "tracked objects (mid)": ("mid", lambda p: p.get("gc_tracked")),
    "full GC ms (mid)": ("mid", lambda p: p.get("collect_ms", {}).get("full_again")),
    "full GC ms/change": ("end", lambda p: p.get("full_gc_ms_per_change")),
    "kept (end)": ("end", lambda p: p.get("stored_sessions")),
    "fds (end)": ("end", lambda p: p.get("fds")),
}


def fmt(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        x = int(x)
    if isinstance(x, float):
        return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    columns = list(rows[0][1])
    lines = ["| wave | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    lines += [f"| {name} | " + " | ".join(fmt(r[c]) for c in columns) + " |" for name, r in rows]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ main


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sessions", default="100", help="sessions per wave; a comma list runs each (new server)"
    )
    ap.add_argument("--waves", type=int, default=3)
    ap.add_argument("--wave-seconds", type=float, default=30)
    ap.add_argument("--change-every", type=float, default=2, help="seconds between a session's changes")
    ap.add_argument("--ramp", type=float, default=1.5, help="a wave's sessions open within these seconds")
    ap.add_argument("--settle", type=float, default=2, help="seconds after a wave before RSS is read")
    ap.add_argument("--pause", type=float, default=2, help="seconds between waves")
    ap.add_argument("--runs", type=int, default=1, help="repeat on a fresh server; the table shows medians")
    ap.add_argument("--timeout", type=float, default=60, help="seconds any one wait may take")
    ap.add_argument("--widget-key", default="filter_city", help="the multiselect toggled")
    ap.add_argument("--figures-root", type=Path, help="serve this data package (FIGURES_ROOT)")
    ap.add_argument(
        "--app-dir", type=Path, default=REPO,
        help="run dashboard.py from this copy of the repository (e.g. `git archive HEAD` unpacked), so the "
        "code under test cannot change during a long comparison; default: this checkout",
    )  # fmt: skip
    ap.add_argument(
        "--st", action="append", default=[], metavar="OPTION=VALUE",
        help="extra `streamlit run` option, e.g. server.disconnectedSessionTTL=10 (repeatable)",
    )  # fmt: skip
    ap.add_argument("--probe", action="store_true", help="run the server with the in-process probe")
    ap.add_argument(
        "--replicas", type=int, default=1,
        help="serve from this many `streamlit run` processes on as many ports, each session kept on one "
        "(a sticky balancer's effect, without a balancer in between)",
    )  # fmt: skip
    ap.add_argument("--json", type=Path, help="write every wave's numbers here")
    args = ap.parse_args(argv)
    sessions = [int(n) for n in args.sessions.split(",")]
    # every await is bounded, and so is the whole run
    if args.waves < 1 or args.waves > 50 or args.runs < 1 or args.runs > 20 or not 1 <= max(sessions) <= 1000:
        ap.error("waves 1–50, runs 1–20, sessions 1–1000")
    if not 1 <= args.replicas <= 8 or (args.probe and args.replicas > 1):
        ap.error("replicas 1–8, and --probe with one replica only")
    args.session_counts = sessions
    return args


@contextlib.contextmanager
def served(args: argparse.Namespace) -> Iterator[list[Server]]:
    options = []
    for item in args.st:
        key, _, value = item.partition("=")
        options += [f"--{key.removeprefix('--')}", value]
    with tempfile.TemporaryDirectory(prefix="load-probe-") as probe_dir:
        servers: list[Server] = []
        try:
            for _ in range(args.replicas):
                probe = Path(probe_dir) if args.probe else None
                servers.append(Server(args.app_dir, args.figures_root, options, probe))
            yield servers
        finally:
            for server in servers:
                server.stop()
                tracebacks = server.output().count("Traceback")
                if tracebacks:
                    print(f"  server log: {tracebacks} tracebacks ({server.log})", file=sys.stderr)
                else:
                    server.log.unlink(missing_ok=True)


async def one_run(args: argparse.Namespace, sessions: int) -> list[Wave]:
    waves: list[Wave] = []
    with served(args) as servers:
        server = servers[0]
        for replica in servers:
            await warm_up(replica, args)
            rss = rss_mb(replica.pid)
            print(f"  server pid {replica.pid}, RSS {rss:.0f} MB after warm-up", file=sys.stderr)
        before = server.probe("before")
        for n in range(1, args.waves + 1):
            if n > 1:
                await asyncio.sleep(args.pause)
            wave = await run_wave(servers, sessions, args)
            wave.probe = server.probe(f"wave{n}")
            if wave.probe and "full_gc_seconds" in wave.probe:
                spent = (
                    wave.probe["full_gc_seconds"] - (waves[-1].probe if waves else before)["full_gc_seconds"]
                )
                wave.probe["full_gc_ms_per_change"] = spent / max(1, wave.changes) * 1000
            waves.append(wave)
            row = wave_row(wave)
            print(
                f"  wave {n}: {sessions} sessions, {row['changes']} changes, {row['errors']} errors "
                f"{dict(wave.errors) or ''}, p50 {row['p50 ms']:.0f} ms, p95 {row['p95 ms']:.0f} ms, "
                f"{row['CPU ms/change']:.1f} CPU ms/change, RSS {row['RSS MB']:.0f} MB"
                + (f"\n    probe mid-wave {json.dumps(wave.probe_mid)}" if wave.probe_mid else "")
                + (f"\n    probe at the end {json.dumps(wave.probe)}" if wave.probe else ""),
                file=sys.stderr,
                flush=True,
            )
    return waves


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    command = shlex.join([".venv/bin/python", "tests/benchmarks/load.py", *argv])
    results: dict[int, list[list[Wave]]] = {}
    for sessions in args.session_counts:
        for run in range(1, args.runs + 1):
            print(f"{sessions} sessions, run {run}/{args.runs}", file=sys.stderr, flush=True)
            results.setdefault(sessions, []).append(asyncio.run(one_run(args, sessions)))
    rows: list[tuple[str, dict[str, Any]]] = []
    for sessions, runs in results.items():
        for n in range(args.waves):
            per_run = [wave_row(r[n]) for r in runs]
            row = {key: median([float(r[key]) for r in per_run]) for key in per_run[0]}
            for name, (when, get) in PROBE_COLUMNS.items():
                values = [get(r[n].probe_mid if when == "mid" else r[n].probe) for r in runs if r[n].probe]
                row[name] = median([float(v) for v in values if v is not None]) if values else None
            if not any(r[n].probe for r in runs):
                row = {k: v for k, v in row.items() if k not in PROBE_COLUMNS}
            rows.append((f"{sessions}×{n + 1}", row))
    cpu = os.cpu_count()
    print(
        f"\n{cpu} CPUs, Python {sys.version.split()[0]}, websockets {websockets.__version__}; "
        f"{'medians of ' + str(args.runs) + ' runs' if args.runs > 1 else 'one run'}; "
        f"wave = sessions×wave number, {args.wave_seconds:g} s each, a change every {args.change_every:g} s"
        f"{', data ' + str(args.figures_root) if args.figures_root else ', seed data'}"
        f"{', ' + ' '.join(args.st) if args.st else ''}"
        f"{f', {args.replicas} replicas' if args.replicas > 1 else ''}"
        f"{', app ' + str(args.app_dir) if args.app_dir != REPO else ''}\n"
    )
    print(table(rows))
    print(f"\nReproduce: `{command}`")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    str(s): [
                        [
                            {
                                **wave_row(w),
                                "errors_by_kind": w.errors,
                                "probe": w.probe,
                                "probe_mid": w.probe_mid,
                            }
                            for w in r
                        ]
                        for r in runs
                    ]
                    for s, runs in results.items()
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == PROBE_FLAG:
        serve_with_probe(Path(sys.argv[2]), sys.argv[3:])
    else:
        sys.exit(main(sys.argv[1:]))
