"""Icons that need no emoji font and no network: the pages' icons are Material Symbols names, which
Streamlit draws with the font its frontend ships, and no emoji is left in the app's code (an emoji is an
empty box on a system without an emoji font). tests/test_a11y_browser.py checks the font in Chromium."""

import re

from conftest import REPO

from figures.view.pages import PAGES

# Emoji and pictographs, dingbats and miscellaneous symbols, and the variation selector that asks for an
# emoji presentation
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")
MATERIAL = re.compile(r":material/[a-z0-9_]+:")


def test_every_page_icon_is_a_material_symbol():
    assert all(MATERIAL.fullmatch(page.icon) for page in PAGES.values()), [p.icon for p in PAGES.values()]


def test_no_emoji_in_the_apps_code():
    files = [REPO / "dashboard.py", *sorted((REPO / "figures").rglob("*.py"))]
    found = {
        f"{path.relative_to(REPO)}:{number}": line.strip()
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EMOJI.search(line)
    }
    assert found == {}
