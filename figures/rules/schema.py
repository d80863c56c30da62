"""One declaration per table: columns, types, required fields, enums, keys and foreign keys.

Declared once with pandera; load() and `figures check` validate with these schemas, the tests run
over them, datapackage.json is generated from them and the About page prints them.
"""

from dataclasses import dataclass

import pandera.pandas as pa

from figures.rules.bounds import BOUNDS

THEMES: tuple[str, ...] = ("casualties", "bombing", "displacement", "forces")
FIGURE_FILES: dict[str, str] = {theme: f"{theme}.csv" for theme in THEMES}  # one figure table per theme
QUANTITY_KINDS: tuple[str, ...] = ("stock", "cumulative", "rate", "event")
GENRES: tuple[str, ...] = ("news", "opinion", "analysis", "report")
SOURCE_KINDS: tuple[str, ...] = (
    "un_agency",
    "ngo_monitor",
    "government",
    "military",
    "armed_group",
    "local_authority",
    "media",
    "individual",
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# ISO 8601 cut to the known precision; calendar validity is checked separately (figures.rules.dates).
ISO_DATE = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"


def _text(
    description: str, *, required: bool = False, unique: bool = False, checks=None, name: bool = False
) -> pa.Column:
    """A text column; `name`: it names someone or something a reader tells apart by sight (an outlet,
    a source, a city), so it must hold no invisible characters and no lookalike of another name."""
    return pa.Column(
        str,
        checks=checks,
        nullable=not required,
        unique=unique,
        required=True,
        description=description,
        metadata={"required": required, "name": name},
    )


def _slug_key(description: str) -> pa.Column:
    return _text(description, required=True, unique=True, checks=pa.Check.str_matches(SLUG))


def _number(description: str, *, required: bool = False) -> pa.Column:
    return pa.Column(
        float,
        checks=pa.Check.ge(0),
        nullable=not required,
        coerce=True,
        description=description,
        metadata={"required": required},
    )


def _enum(description: str, values: tuple[str, ...]) -> pa.Column:
    return _text(description, required=True, checks=pa.Check.isin(values))


def _date(description: str) -> pa.Column:
    return _text(description, checks=pa.Check.str_matches(ISO_DATE))


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str  # a TABLES key
    target: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    schema: pa.DataFrameSchema
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)


def _strict(columns: dict[str, pa.Column], name: str) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=name)


FIGURE_SCHEMA = _strict(
    {
        "figure_id": _slug_key("Stable slug, unique across all figure tables."),
        "article_id": _text(
            "The article that printed the figure (articles.article_id).", required=True, name=True
        ),
        "quantity_id": _text("What the figure measures (quantities.quantity_id).", required=True, name=True),
        "quote": _text(
            "The article's words stating the figure, character for character; unique in the article and "
            "containing the number and its qualifier.",
            required=True,
        ),
        "value": _number("The number as printed, as a plain number; empty for a vague amount."),
        "qualifier": _text("The hedging words exactly as printed ('as many as'); empty if none."),
        "bound": _enum("What the qualifier means (see the bound rule table).", BOUNDS),
        "low": _number("Lowest value the claim allows; empty when open."),
        "high": _number("Highest value the claim allows; empty when open."),
        "period_start": _date(
            "Start of the period the figure covers (ISO 8601, cut to the known precision)."
        ),
        "period_end": _date("End of the period, or the date of a stock 'as of' figure (ISO 8601)."),
        "cited_source": _text(
            "The source the article attributes the number to (sources.source_id); empty = the outlet's own "
            "claim.",
            name=True,
        ),
        "cited_as": _text("The words the article uses for that source, as printed ('the U.N.')."),
        "cited_via": _text(
            "An intermediary the article names between it and the cited source (sources.source_id).",
            name=True,
        ),
        "notes": _text("What a reader must know: inferred dates, why two figures share a quantity."),
    },
    "figures",
)

QUANTITY_SCHEMA = _strict(
    {
        "quantity_id": _slug_key("Stable slug of the measured quantity."),
        "label": _text("Short label for charts.", required=True, name=True),
        "theme": _enum("The figure table its figures live in.", THEMES),
        "metric": _text("What is counted: civilians_killed, displaced, bombs_dropped ...", required=True),
        "unit": _text("The unit of the number: people, bombs, per cent, people per day ...", required=True),
        "city": _text(
            "The filter value: Mosul, Raqqa, Aleppo, or a region such as Iraq and Syria.",
            required=True,
            name=True,
        ),
        "place": _text("A finer place: West Mosul, Old City, East Aleppo.", name=True),
        "kind": _enum(
            "stock (as of a date), cumulative (since a start), rate (per day) or event.", QUANTITY_KINDS
        ),
        "scope": _text("The event or period, in words.", required=True),
        "definition": _text("One sentence saying exactly what is measured.", required=True),
    },
    "quantities",
)

ARTICLE_SCHEMA = _strict(
    {
        "article_id": _slug_key("Stable slug of the article."),
        "file": _text("The text's file name in seeds/.", required=True, unique=True, name=True),
        "title": _text("The headline, as printed or as found."),
        "outlet": _text("Who published it (sources.source_id); empty when unknown.", name=True),
        "author": _text("The byline; empty when unknown.", name=True),
        "published": _date("Publication date, cut to the known precision; empty when unknown."),
        "published_basis": _text("How the date is known: stated in text, found externally, inferred: why."),
        "url": _text("Where the text was found; empty when unknown."),
        "url_basis": _text("How the address is known."),
        "genre": _enum("news, opinion, analysis or report.", GENRES),
        "notes": _text("Anything a reader must know about the article."),
    },
    "articles",
)

EXCLUDED_SCHEMA = _strict(
    {
        "article_id": _text("The article the number appears in.", required=True, name=True),
        "quote": _text(
            "The words around the number, verbatim; every occurrence in the article is covered.",
            required=True,
        ),
        "reason": _text(
            "Why it is not a figure: a year, a date, a unit's name, off-topic history ...", required=True
        ),
    },
    "excluded",
)

SOURCE_SCHEMA = _strict(
    {
        "source_id": _slug_key("Stable slug of the source."),
        "name": _text("The name shown for it.", required=True, unique=True, name=True),
        "kind": _enum(
            "What it is: un_agency, ngo_monitor, government, military, armed_group, local_authority, media, "
            "individual.",
            SOURCE_KINDS,
        ),
        "side": _text(
            "The party it belongs to or speaks for (US-led coalition, Iraqi government, Syrian government "
            "and allies, ISIS, SDF); empty for the UN, monitors and independent media.",
            name=True,
        ),
        "url": _text("Its own address; empty when unknown."),
        "notes": _text("How the row is known, and anything a reader must know about the source."),
    },
    "sources",
)

_ARTICLE_FK = ForeignKey("article_id", "articles", "article_id")

TABLES: dict[str, Table] = {
    **{
        theme: Table(
            theme,
            f"{theme.capitalize()} figures",
            f"Every {theme} figure printed in the seed articles, one claim a row.",
            FIGURE_SCHEMA,
            ("figure_id",),
            (
                _ARTICLE_FK,
                ForeignKey("quantity_id", "quantities", "quantity_id"),
                ForeignKey("cited_source", "sources", "source_id"),
                ForeignKey("cited_via", "sources", "source_id"),
            ),
        )
        for theme in THEMES
    },
    "quantities": Table(
        "quantities",
        "Quantities",
        "Each measured quantity, defined once; only figures of one quantity share an axis.",
        QUANTITY_SCHEMA,
        ("quantity_id",),
    ),
    "articles": Table(
        "articles",
        "Articles",
        "Each source article and how its outlet, date and address are known.",
        ARTICLE_SCHEMA,
        ("article_id",),
        (ForeignKey("outlet", "sources", "source_id"),),
    ),
    "sources": Table(
        "sources",
        "Sources",
        "Everyone who produces or publishes a number, defined once: outlets and the sources they cite.",
        SOURCE_SCHEMA,
        ("source_id",),
    ),
    "excluded": Table(
        "excluded",
        "Excluded numbers",
        "Every number in an article that is not a figure, with the reason.",
        EXCLUDED_SCHEMA,
        ("article_id", "quote"),
        (_ARTICLE_FK,),
    ),
}
