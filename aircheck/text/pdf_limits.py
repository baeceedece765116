"""Bounded work on a PDF: caps on decompressed bytes, pages and characters.

pdfminer inflates every stream whole (``zlib.decompress``, LZW, RunLength), so a
4 MB file of nested FlateDecode streams took 8.3 GB. While :func:`budget` is active
the decoders pdfminer calls are bounded versions that stop at the document's
remaining allowance, and every character pdfminer lays out is counted (a form drawn
a thousand times makes many characters from few bytes); outside it they behave
exactly as pdfminer's own. They are swapped into pdfminer once, and the allowance
lives in a context variable, so threads and other callers of pdfminer are unaffected.

The caps can be raised for a legitimately huge report with the environment
variables ``AIRCHECK_PDF_MAX_MB``, ``AIRCHECK_PDF_MAX_PAGES`` and
``AIRCHECK_PDF_MAX_CHARS`` (docs/guide.md).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from ..errors import AircheckError

#: Decompressed bytes of all the streams read, in MB (a text report needs a few).
MAX_PDF_MB = 256
MAX_PDF_PAGES = 2000
#: Characters of extracted text (a 100-page report has about 150,000).
MAX_PDF_CHARS = 5_000_000


class PdfTooLarge(Exception):
    """Raised inside pdfminer when the allowance is spent; becomes an AircheckError."""


@dataclass(slots=True)
class Budget:
    """What is left of the document's allowance; a ``spent`` flag stays set once it ran out."""

    remaining: int
    chars: int
    spent: bool = False
    chars_spent: bool = False

    def take(self, n: int) -> None:
        if n > self.remaining:
            self.remaining, self.spent = 0, True
            raise PdfTooLarge
        self.remaining -= n

    def take_char(self) -> None:
        if self.chars <= 0:
            self.chars_spent = True
            raise PdfTooLarge
        self.chars -= 1


_ZLIB_ERROR = zlib.error
_BUDGET: ContextVar[Budget | None] = ContextVar("aircheck_pdf_budget", default=None)


def limit(name: str, default: int) -> int:
    """The cap set in environment variable *name*, else *default*."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise AircheckError(
            f"{name}={value!r}: write a whole number of at least 1",
            zh=f"{name}={value!r}：请写不小于 1 的整数",
        )
    return int(value)


def _inflate(data: bytes, *args: Any) -> bytes:
    budget = _BUDGET.get()
    if budget is None:
        return zlib.decompress(data, *args)
    inflater = zlib.decompressobj(*args[:1])  # (wbits); a bufsize is zlib's own business
    out = inflater.decompress(data, budget.remaining + 1)
    budget.take(len(out) + (1 if inflater.unconsumed_tail else 0))
    if not inflater.eof:  # as zlib.decompress, so pdfminer tries its repair path
        raise _ZLIB_ERROR("Error -5 while decompressing data: incomplete or truncated stream")
    return out


class _CountingInflater:
    """A ``zlib.decompressobj`` whose output is charged to the allowance."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return bytes(self._inner.decompress(data, max_length))
        out = bytes(self._inner.decompress(data, budget.remaining + 1))
        budget.take(len(out) + (1 if self._inner.unconsumed_tail else 0))
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _BoundedZlib:
    """Stands for the ``zlib`` module inside ``pdfminer.pdftypes``."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        return _inflate(data, *args)

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> _CountingInflater:
        return _CountingInflater(zlib.decompressobj(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _runlength_size(data: bytes) -> int:
    """The decoded length of RunLength *data*, counted without decoding it."""
    size = i = 0
    while i < len(data) and data[i] != 128:
        length = data[i]
        if length < 128:
            size, i = size + length + 1, i + length + 2
        else:
            size, i = size + 257 - length, i + 2
    return size


def _bounded(original: Callable[[bytes], bytes], kind: str) -> Callable[[bytes], bytes]:
    def decode(data: bytes) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return original(data)
        if kind == "runlength":
            budget.take(_runlength_size(data))
            return original(data)
        from io import BytesIO

        from pdfminer.lzw import LZWDecoder

        chunks = []
        for chunk in LZWDecoder(BytesIO(data)).run():
            budget.take(len(chunk))
            chunks.append(chunk)
        return b"".join(chunks)

    decode.__aircheck_bounded__ = True  # type: ignore[attr-defined]
    return decode


def _install() -> None:
    """Swap the bounded decoders into pdfminer once (they are inert outside :func:`budget`)."""
    from pdfminer import pdftypes

    if getattr(pdftypes.lzwdecode, "__aircheck_bounded__", False):
        return
    from pdfminer.converter import PDFLayoutAnalyzer

    render_char = PDFLayoutAnalyzer.render_char

    def counted(self: Any, *args: Any, **kwargs: Any) -> float:
        allowance = _BUDGET.get()
        if allowance is not None:
            allowance.take_char()
        return render_char(self, *args, **kwargs)

    PDFLayoutAnalyzer.render_char = counted  # type: ignore[method-assign]
    pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]
    pdftypes.lzwdecode = _bounded(pdftypes.lzwdecode, "lzw")  # type: ignore[assignment]
    pdftypes.rldecode = _bounded(pdftypes.rldecode, "runlength")  # type: ignore[assignment]


def too_large(file: str) -> AircheckError:
    """The error for a PDF whose streams unpack beyond the allowance."""
    cap = limit("AIRCHECK_PDF_MAX_MB", MAX_PDF_MB)
    return AircheckError(
        f"refused: the PDF's streams unpack to more than {cap} MB; it may be a "
        "decompression bomb (raise AIRCHECK_PDF_MAX_MB if the file is genuine)",
        zh=f"拒绝读取：该 PDF 的数据流解压后超过 {cap} MB，可能是压缩炸弹"
        "（如文件确属正常，可调高 AIRCHECK_PDF_MAX_MB）",
        file=file,
    )


@contextmanager
def budget() -> Iterator[Budget]:
    """Bound the decompression pdfminer does inside the block to ``AIRCHECK_PDF_MAX_MB``."""
    _install()
    allowance = Budget(
        limit("AIRCHECK_PDF_MAX_MB", MAX_PDF_MB) * 1024 * 1024,
        limit("AIRCHECK_PDF_MAX_CHARS", MAX_PDF_CHARS),
    )
    token = _BUDGET.set(allowance)
    try:
        yield allowance
    finally:
        _BUDGET.reset(token)


def check_pages(count: int, file: str) -> None:
    cap = limit("AIRCHECK_PDF_MAX_PAGES", MAX_PDF_PAGES)
    if count > cap:
        raise AircheckError(
            f"refused: the PDF has {count} pages, over the limit of {cap} "
            "(raise AIRCHECK_PDF_MAX_PAGES if the file is genuine)",
            zh=f"拒绝读取：该 PDF 有 {count} 页，超过 {cap} 页的上限"
            "（如文件确属正常，可调高 AIRCHECK_PDF_MAX_PAGES）",
            file=file,
        )


def too_many_chars(page: int, file: str) -> AircheckError:
    """The error for a PDF that lays out more characters than the cap, by *page*."""
    cap = limit("AIRCHECK_PDF_MAX_CHARS", MAX_PDF_CHARS)
    return AircheckError(
        f"refused: the PDF's text passes {cap} characters by page {page} "
        "(raise AIRCHECK_PDF_MAX_CHARS if the file is genuine)",
        zh=f"拒绝读取：该 PDF 的文字到第 {page} 页已超过 {cap} 个字符"
        "（如文件确属正常，可调高 AIRCHECK_PDF_MAX_CHARS）",
        file=file,
    )
