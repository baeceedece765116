"""Errors that end a run with exit code 2 and one clear line, never a traceback."""

from __future__ import annotations


class AircheckError(Exception):
    """Unreadable input or a bad option: names the file and, where known, the line and column."""

    def __init__(
        self, message: str, *, file: str = "", line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.file
        if where and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message
