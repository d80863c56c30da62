"""WCAG 2 contrast ratios (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio), the measure every colour on
the pages is held to: text at least 4.5:1 against its background, chart marks at least 3:1 (non-text
contrast). Colours are "#rrggbb"."""

TEXT_MINIMUM = 4.5
MARK_MINIMUM = 3.0


def _channels(colour: str) -> tuple[int, int, int]:
    if len(colour) != 7 or not colour.startswith("#"):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """The colour's relative luminance, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(colour: str, background: str) -> float:
    """From 1 (no contrast) to 21 (black on white); symmetric."""
    darker, lighter = sorted((relative_luminance(colour), relative_luminance(background)))
    return (lighter + 0.05) / (darker + 0.05)


def seen_through(colour: str, background: str, opacity: float) -> str:
    """The colour a reader sees where `colour` is drawn at `opacity` over `background` (Streamlit draws
    captions at 60% opacity)."""
    mixed = (
        round(opacity * c + (1 - opacity) * b)
        for c, b in zip(_channels(colour), _channels(background), strict=True)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)
