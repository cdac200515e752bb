"""What the terminal summaries print through: headings, prose wrapped to the width, and
tables laid out by ``cli/columns.py``, every line within the terminal's width.

The width is rich's (``COLUMNS`` when set, else the terminal's, else 80), the same as the
other tables of the CLI. Lines go out as plain text (no markup is read from scenario
text); headings are bold on a terminal.
"""

from rich.text import Text

from engine.cli.columns import Grid, matrix_lines, table_lines, wrapped
from engine.cli.stdout import Console


class Screen:
    """Standard output (or standard error), as wide as the terminal."""

    def __init__(self, *, stderr: bool = False) -> None:
        self.console = Console(highlight=False, stderr=stderr)
        self.width = self.console.width

    def line(self, text: str = "", style: str = "") -> None:
        """One line as it is (the caller keeps it within the width)."""
        self.console.print(Text(text, style=style), soft_wrap=True)

    def heading(self, text: str) -> None:
        """A bold heading, wrapped between words."""
        for part in wrapped(text, self.width, "  "):
            self.line(part, "bold")

    def prose(self, text: str, indent: str = "") -> None:
        """Running text wrapped between words; continuation lines start with ``indent``."""
        for part in wrapped(text, self.width, indent):
            self.line(part)

    def table(self, grid: Grid, where: str) -> None:
        """A table of records; ``where``: where to find the columns left out at this width."""
        lines, dropped = table_lines(grid, self.width)
        if dropped:  # said before the table: a long one scrolls its top away
            self.prose(f"Left out at {self.width} columns: {', '.join(dropped)} (see {where}).", "  ")
        for text in lines:
            self.line(text)

    def matrix(self, grid: Grid) -> None:
        """A table with a column per variant, in blocks of columns when it is wider than the screen."""
        for text in matrix_lines(grid, self.width):
            self.line(text)
