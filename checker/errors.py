"""The one error type a user can cause, turned into one line and exit code 2 by the CLI."""

from __future__ import annotations


class CheckerError(Exception):
    """Bad input: a file, a line (and column) and what to fix."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        super().__init__(self.render())

    def render(self) -> str:
        """Format as ``path:line:col: message`` (line and column when known)."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"
