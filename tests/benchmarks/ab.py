"""A/B of running dashboards: fresh-context first chart and City filter changes, alternating between the
servers so the machine's drift hits each alike (what bench.py measures, for two variants of the code).

    .venv/bin/python tests/benchmarks/ab.py URL_A URL_B [--runs 12] [--samples 20]

Serve each variant first, e.g. from a `git worktree` of each commit:
`FIGURES_ROOT=DIR .venv/bin/python -m streamlit run dashboard.py --server.port 8601 --server.headless true
--server.fileWatcherType none`. Prints medians and the command. Not part of the test suite.
"""

import argparse
import asyncio
import shlex
import sys

import bench
from playwright.async_api import async_playwright


async def main_async(args: argparse.Namespace) -> None:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS)
        try:
            for url in args.urls:  # a first session may load the tables: start-up, not page speed
                await bench.load_first(browser, url)
            loads: dict[str, list[float]] = {url: [] for url in args.urls}
            for _ in range(args.runs):
                for url in args.urls:
                    loads[url].append((await bench.first_chart(browser, url))["wall"])
            pages = []
            for url in args.urls:
                _, page = await bench.fresh_page(browser)
                await bench.load_page(page, url)
                for value in args.values[:2]:  # the first changes load the widget's lazy chunks
                    await bench.filter_change(page, "City", value)
                pages.append(page)
            changes: dict[str, list[float]] = {url: [] for url in args.urls}
            for i in range(args.samples):
                for url, page in zip(args.urls, pages, strict=True):
                    value = args.values[i % len(args.values)]
                    changes[url].append(await bench.filter_change(page, "City", value))
        finally:
            await browser.close()
    for url in args.urls:
        print(
            f"{url}: first chart {bench.median(loads[url]) / 1000:.2f} s (n={len(loads[url])}), "
            f"filter change p50 {bench.median(changes[url]):.0f} ms, p95 {bench.p95(changes[url]):.0f} ms "
            f"(n={len(changes[url])})"
        )
    print("Reproduce: .venv/bin/python tests/benchmarks/ab.py " + shlex.join(sys.argv[1:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+", help="the dashboards' root URLs")
    parser.add_argument("--runs", type=int, default=12, help="fresh-context loads per server")
    parser.add_argument("--samples", type=int, default=20, help="filter changes per server")
    parser.add_argument(
        "--values", nargs="+", default=["Mosul", "Raqqa", "Aleppo"], help="City values toggled"
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
