"""Screenshots of Compare charts, one per quantity, as a reader sees them (1280 px wide), for reading the
record critically: does a chart show who says what and how far apart they are? Not a test.

    .venv/bin/python tests/benchmarks/screenshots.py [QUANTITY_ID ...]

Starts a real `streamlit run dashboard.py`, opens `/?quantity=<id>` in headless Chromium and saves the
quantity's card as artifacts/screenshots/compare-<id>.png. Default: the contested estimates of the three
battles (Mosul deaths, Raqqa deaths, Aleppo evacuation).
"""

import subprocess
import sys

import bench
from playwright.sync_api import sync_playwright

DEFAULT = (
    "mosul-battle-civilian-deaths",
    "raqqa-coalition-civilian-deaths",
    "raqqa-battle-civilian-deaths",
    "east-aleppo-evacuated-2016-12",
)
OUT = bench.REPO / "artifacts" / "screenshots"


def main(quantities: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    port = bench.free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.fileWatcherType", "none"]
    server = subprocess.Popen(cmd, cwd=bench.REPO, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        bench.wait_http(f"http://127.0.0.1:{port}/_stcore/health", server, 60)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS)
            for quantity in quantities:
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(f"http://127.0.0.1:{port}/?quantity={quantity}")
                page.wait_for_selector('[data-testid="stVegaLiteChart"] svg.marks', timeout=60_000)
                page.wait_for_timeout(1500)  # the chart's layout settles after its first draw
                path = OUT / f"compare-{quantity}.png"
                page.locator(f'[class*="st-key-compare_quantity_{quantity}"]').first.screenshot(path=path)
                print(path)
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(DEFAULT)))
