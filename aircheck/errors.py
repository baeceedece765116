"""Errors that end a run with exit code 2 and one clear line, never a traceback."""

from __future__ import annotations


class AircheckError(Exception):
    """Unreadable input or a bad option: names the file and, where known, the line and column.

    Every error carries its message in English and in Chinese (``zh``), so the command
    line can answer in the user's language; ``str()`` stays English for logs and tests.
    """

    def __init__(
        self,
        message: str,
        *,
        zh: str = "",
        file: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.zh = zh
        self.file = file
        self.line = line
        self.column = column

    def where(self) -> str:
        """``file:line:column`` as far as known."""
        where = self.file
        if where and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def message_in(self, lang: str) -> str:
        """The bare message in *lang*; English when no Chinese was given, never nothing."""
        return self.zh if lang == "zh" and self.zh else self.message

    def render(self, lang: str = "en") -> str:
        """The error in *lang* (``zh`` or ``en``), prefixed with where it happened."""
        message = self.message_in(lang)
        where = self.where()
        return f"{where}: {message}" if where else message

    def __str__(self) -> str:
        return self.render("en")
