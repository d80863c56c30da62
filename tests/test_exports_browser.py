"""What a reader takes away, in Debian's Chromium against a real `streamlit run` server over the
repository's tables: the Data page's CSV (every column a row needs, named after the filters, the same
bytes as the data API's), the data package zip (which `frictionless validate` accepts as it is once
unzipped), the API links on the page, and the licences on the About page."""

import csv
import io
import json
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, open_page
from playwright.sync_api import Page, expect

from figures.tables.load import load
from figures.view.export_rows import EXPORT_COLUMNS

pytestmark = pytest.mark.browser  # a real server and Chromium: run apart (README, Run every test)

QUERY = "city=Mosul&theme=casualties"


def test_the_csv_download_stands_alone_and_is_the_apis(page: Page, page_errors: list[str], base_url: str):
    open_page(page, f"{base_url}/data?{QUERY}")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV", exact=True).click()
    assert info.value.suggested_filename == "figures-city-mosul-theme-casualties.csv"
    got = Path(info.value.path()).read_bytes()
    with urllib.request.urlopen(f"{base_url}/api/figures.csv?{QUERY}", timeout=30) as api:
        assert got == api.read()  # one code path: the page's file is the API's answer

    rows = list(csv.DictReader(io.StringIO(got.decode("utf-8"), newline="")))
    assert rows and list(rows[0]) == EXPORT_COLUMNS
    for row in rows:
        assert row["city"] == "Mosul" and row["theme"] == "casualties"
        for column in ("value", "low", "high"):
            assert not row[column].endswith(".0"), (row["figure_id"], column, row[column])
        for column in ("label", "unit", "definition", "outlet", "outlet_name", "published", "url"):
            assert row[column], (row["figure_id"], column)
        assert row["primary_source"] and row["primary_kind"]
        # the curation line is the figure's own line in the repository's table
        path, line = row["curation_line"].rsplit(":", 1)
        assert (
            (REPO / path).read_text(encoding="utf-8").splitlines()[int(line) - 1].startswith(row["figure_id"])
        )


def test_the_data_package_zip_validates_as_it_is(
    page: Page, page_errors: list[str], base_url: str, tmp_path: Path
):
    open_page(page, f"{base_url}/data")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download data package", exact=True).click()
    assert info.value.suggested_filename == "conflict-figures-datapackage.zip"
    with zipfile.ZipFile(info.value.path()) as archive:
        archive.extractall(tmp_path)
    texts = {p.name for p in (tmp_path / "seeds").glob("*.txt")}
    assert texts == set(load().articles["file"]) and texts  # every article text
    run = subprocess.run(
        [str(Path(sys.executable).with_name("frictionless")), "validate", "--json", "datapackage.json"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["valid"] is True and len(report["tasks"]) == 8  # every table validated
    declared = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert [x["name"] for x in declared["licenses"]] == ["CC-BY-4.0"]


def test_the_page_links_the_api_with_its_filters(page: Page, page_errors: list[str], base_url: str):
    open_page(page, f"{base_url}/data?{QUERY}")
    link = page.get_by_test_id("stMain").get_by_role("link", name="JSON", exact=True)
    expect(link).to_have_attribute("href", f"api/figures.json?{QUERY}")
    answer = page.request.get(f"{base_url}/api/figures.json?{QUERY}")
    assert answer.status == 200 and answer.headers["content-type"] == "application/json"
    assert {r["city"] for r in answer.json()} == {"Mosul"}


def test_the_about_page_states_the_licences(page: Page, page_errors: list[str], base_url: str):
    open_page(page, f"{base_url}/about")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Licences")).to_be_visible()
    expect(main.get_by_text("remain their publishers'", exact=False)).to_be_visible()
    licence = main.get_by_role("link", name="Creative Commons Attribution 4.0 International")
    expect(licence).to_have_attribute("href", "https://creativecommons.org/licenses/by/4.0/")
