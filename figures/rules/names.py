"""What a name may hold: the outlets, sources, cities and ids a reader tells apart by sight.

A name must show what it is: no invisible characters (bidirectional controls such as U+202E, which can
make "World" + reversed text read as another outlet; zero-width spaces and joiners; other format and
control characters). Two names are lookalikes when they differ only by case, spacing, punctuation
("U.N." and "UN"), compatibility forms (fullwidth letters) or such characters: they must be written the
same way. Letters of any script,
Arabic and Kurdish included, are names like any other; quotes and article texts keep every character as
printed and are not names.
"""

import re
import unicodedata

# Unicode's format characters (category Cf) that occur in text, and the C0/C1 controls: invisible, or
# changing how the characters around them are shown.
INVISIBLE = re.compile(
    "[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
_SPACES = re.compile(r"\s+")


def invisible_in(name: str) -> list[str]:
    """The invisible characters in `name`, as U+XXXX codes, in order, once each."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in INVISIBLE.findall(name)))


def lookalike_key(name: str) -> str:
    """What two lookalike names share: no invisible characters, compatibility forms folded (NFKC), case
    folded, no punctuation, runs of spaces as one, no spaces at the ends."""
    folded = unicodedata.normalize("NFKC", INVISIBLE.sub("", name)).casefold()
    letters = "".join(c for c in folded if not unicodedata.category(c).startswith("P"))
    return _SPACES.sub(" ", letters).strip()
