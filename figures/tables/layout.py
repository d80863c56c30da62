"""Where the curated tables and the seed articles live (the repository's own folders, or FIGURES_ROOT),
and a signature of those files that changes whenever one of them does."""

import hashlib
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


def signature(where: Layout) -> str:
    """Changes when any file of the package is added, removed, replaced or written: the type, inode, size
    and modification time of each (one lstat each, nothing read; links are not followed)."""
    stats = []
    for folder in (where.root, where.data_dir, where.seeds_dir):
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    info = entry.stat(follow_symlinks=False)
                    stats.append((entry.path, info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns))
        except OSError:  # a folder missing: load() reports what that means
            stats.append((str(folder), 0, 0, 0, 0))
    return hashlib.blake2b(repr(sorted(stats)).encode(), digest_size=16).hexdigest()
