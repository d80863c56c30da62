"""Where the curated tables and the seed articles live: the repository's own folders, or FIGURES_ROOT."""

import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Layout:
    """Where a data package's files are: a root holding its descriptor, its tables and its articles."""

    root: Path  # datapackage.json; every path it names is relative to this folder, inside it
    data_dir: Path  # casualties.csv ... quantities.csv, excluded.csv
    seeds_dir: Path  # articles.csv and the article texts it names

    @property
    def articles_csv(self) -> Path:
        return self.seeds_dir / "articles.csv"

    @property
    def descriptor(self) -> Path:
        return self.root / "datapackage.json"


def layout(root: str | os.PathLike[str] | None = None) -> Layout:
    """The repository's data, or the package under `root` (default: the FIGURES_ROOT variable).

    A root holds `data/` and `seeds/`, laid out like `figures/data/` and `seeds/` here.
    """
    root = root or os.environ.get("FIGURES_ROOT")
    if root:
        base = Path(root).resolve()
        return Layout(base, base / "data", base / "seeds")
    return Layout(REPO, REPO / "figures" / "data", REPO / "seeds")
