"""The Compare page's cards (figures.view.cards), on tiny inline frames."""

import html
import math
import re
import urllib.parse

import pandas as pd
import pyarrow as pa
from fixtures.package import named

from figures.view.cards import compare_cards
from figures.view.claims import MAX_LISTED
from figures.view.filters import Selection
from figures.view.pages import same_tab_link
from figures.view.text import md_escape

NAN = math.nan
QUANTITIES = pd.DataFrame(
    [
        {
            "quantity_id": "mosul-killed",
            "label": "Civilians *killed*",
            "theme": "casualties",
            "unit": "people",
            "city": "Mosul",
            "place": "West Mosul",
            "kind": "cumulative",
            "scope": "civilians",
            "definition": "Deaths <b>counted</b>",
        },
        {
            "quantity_id": "raqqa-strikes",
            "label": "Air strikes",
            "theme": "bombing",
            "unit": "strikes",
            "city": "Raqqa",
            "place": "",
            "kind": "event",
            "scope": "coalition",
            "definition": "Strikes",
        },
    ]
).set_index("quantity_id")


def figure(figure_id: str, quantity_id: str, value: float, **extra: object) -> dict:
    return named(
        {
            "figure_id": figure_id,
            "article_id": f"art-{figure_id}",
            "quantity_id": quantity_id,
            "outlet": "WSWS",
            "cited_source": "",
            "bound": "exact",
            "value": value,
            "low": value,  # an exact figure: low = high = value, as the tables hold it
            "high": value,
            "central": value,
            "qualifier": "",
            "quote": f"quote {figure_id}",
            "published": "2017-03-01",
            "period_start": "",
            "period_end": "",
            **extra,
        }
    )


FIGURES = pd.DataFrame(
    [
        figure("a", "mosul-killed", 100, period_end="2017-03-01"),
        figure("b", "mosul-killed", 400, outlet="[HuffPost](javascript:x)", published="2017-07-11"),
        figure("c", "raqqa-strikes", 20, published="2017-06-01"),
        figure("d", "raqqa-strikes", 30, outlet="Proletarian", published="2017-09-01"),
    ]
)
SELECTION = Selection({"city": ["Raqqa", "Mosul"], "outlet": []})


def cards(order: str = "spread", ids: tuple[str, ...] = ("mosul-killed", "raqqa-strikes")) -> list:
    return compare_cards(FIGURES, QUANTITIES, SELECTION, order, ids)


def test_one_card_per_quantity_in_the_order_given_with_its_own_claims_only():
    made = cards(ids=("raqqa-strikes", "mosul-killed"))
    assert [c.quantity_id for c in made] == ["raqqa-strikes", "mosul-killed"]
    tables = [pa.ipc.open_stream(c.rows).read_all() for c in made]
    assert [sorted(t.column("figure").to_pylist()) for t in tables] == [["c", "d"], ["a", "b"]]
    assert made[1].articles == {"a": "art-a", "b": "art-b"}
    assert "data" not in made[0].spec  # the rows travel as Arrow beside the spec
    assert tables[0].num_rows == 2


def test_text_is_escaped_for_markdown():
    mosul = cards()[0]
    assert mosul.label == md_escape("Civilians *killed*") != "Civilians *killed*"
    assert md_escape("Deaths <b>counted</b>") in mosul.about
    assert "[HuffPost](javascript:x)" not in mosul.links
    assert md_escape("[HuffPost](javascript:x)") in mosul.links


def test_quote_links_keep_the_filters_in_the_users_order():
    # each estimate, then the claims that print it: here two outlets' own claims, two estimates
    links = [line for line in cards()[0].links.splitlines() if line.startswith("    - ")]
    assert len(links) == 2 and all('<a href="sources?' in line for line in links)
    href = html.unescape(re.search(r'<a href="([^"]*)" target="_self">Read the quote</a>', links[0])[1])
    query = urllib.parse.parse_qs(href.removeprefix("sources?"))
    assert query == {"city": ["Raqqa", "Mosul"], "article": ["art-b"], "figure": ["b"]}  # highest first


def test_spread_and_dates_notes():
    mosul, raqqa = cards()
    assert mosul.notes[0].startswith("Spread ×4")
    assert f"({md_escape('2017-03-01')} to {md_escape('2017-07-11')})" in mosul.notes[1]
    timeline = same_tab_link(
        "See them on the timeline", "timeline?city=Raqqa&city=Mosul&quantity=mosul-killed"
    )
    assert timeline in mosul.notes[1]
    # an event's claims at different dates are not a change over time: no dates note
    assert len(raqqa.notes) == 1


def test_a_heading_where_the_order_changes_group():
    assert [c.group for c in cards("city")] == ["Mosul", "Raqqa"]
    assert [c.group for c in cards("theme")] == ["Casualties", "Bombing"]
    assert [c.group for c in cards("spread")] == [None, None]
    both_mosul = compare_cards(
        FIGURES, QUANTITIES.assign(city="Mosul"), SELECTION, "city", tuple(QUANTITIES.index)
    )
    assert [c.group for c in both_mosul] == ["Mosul", None]


def test_a_long_list_ends_with_a_link_to_every_claim_on_the_data_page():
    many = pd.DataFrame([figure(f"m{i:03d}", "mosul-killed", 100 + i) for i in range(MAX_LISTED + 5)])
    (card,) = compare_cards(many, QUANTITIES, SELECTION, "spread", ("mosul-killed",), every_claim=True)
    lines = card.links.splitlines()
    assert len(lines) == MAX_LISTED + 1 and '<a href="sources?' in lines[0]
    assert "figure=m014" in lines[0]  # highest first
    assert lines[-1] == (
        "- … and 5 more claims: "
        + same_tab_link(
            "see every claim on the Data page", "data?city=Raqqa&city=Mosul&quantity=mosul-killed"
        )
        + "."
    )
    # one estimate per number: the same list, each estimate over the one claim that prints it
    (card,) = compare_cards(many, QUANTITIES, SELECTION, "spread", ("mosul-killed",))
    lines = card.links.splitlines()
    assert len(lines) == 2 * MAX_LISTED + 1 and "figure=m014" in lines[1]
    assert lines[-1].startswith('- … and 5 more estimates: <a href="data?')
