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


class CheckerErrors(CheckerError):
    """Every problem found in one file, reported together: one ``path:line:col: message`` line each."""

    def __init__(self, errors: list[CheckerError]) -> None:
        flat: list[CheckerError] = [e for error in errors for e in (error.errors if isinstance(error, CheckerErrors) else [error])]
        self.errors: list[CheckerError] = sorted(flat, key=lambda e: (e.path, e.line or 0, e.column or 0))
        first = self.errors[0]
        super().__init__(first.path, first.message, first.line, first.column)

    def render(self) -> str:
        """One line per problem."""
        return "\n".join(error.render() for error in self.errors)
