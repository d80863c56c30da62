"""A problem in a table or article, printed as `path:line: column: message`."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as given to the reader: relative to the repository (or FIGURES_ROOT) where possible
    line: int  # line in the file, 1 = the CSV header; 0 = the file as a whole
    column: str  # the column at fault, "" for a whole row or file
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.column}: {self.message}"
