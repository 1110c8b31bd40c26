"""The table every benchmark prints: what, measured, budget, and ok or OVER.

Shared so that each benchmark says plainly, the same way, whether its budgets hold, and
exits 1 when one does not.
"""

from __future__ import annotations

import sys


class BudgetTable:
    """Rows collected as they are measured, printed at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def row(self, what: str, figure: str, budget: str, ok: bool | None) -> None:
        """`ok` None: reported only, not judged against a budget."""
        self.rows.append((what, figure, budget, "" if ok is None else ("ok" if ok else "OVER")))

    def print(self) -> int:
        """Print the table; 1 (with the rows over budget named on stderr) or 0."""
        header = ("what", "measured", "budget", "")
        widths = [max(len(r[i]) for r in [header, *self.rows]) for i in range(4)]
        for line in (header, tuple("-" * w for w in widths), *self.rows):
            print(" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        over = [r[0] for r in self.rows if r[3] == "OVER"]
        if over:
            print(f"OVER budget: {'; '.join(over)}", file=sys.stderr)
        return 1 if over else 0
