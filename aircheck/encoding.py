"""Decide a file's text encoding, per file, the way Chinese offices save them.

BOM → that encoding; else strict UTF-8; else strict GB18030 (a superset of GBK);
else a clear error. No guessing library: they misread short GBK files as Korean.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import AircheckError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding the byte-order mark opening *data* names, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


#: what a file without a byte-order mark may be, tried in this order
PLAIN_ENCODINGS = ("utf-8", "gb18030")


def detect_encoding(data: bytes) -> str | None:
    """The encoding that decodes *data* strictly, or None."""
    marked = bom_encoding(data)
    if marked:
        return marked
    for name in PLAIN_ENCODINGS:
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    return None


def decode(data: bytes, file: str) -> str:
    """Decode *data* or raise an :class:`AircheckError` naming *file*."""
    wide_bom = data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    )
    if b"\x00" in data[:4096] and not wide_bom:
        raise AircheckError(
            "binary data, not a text file", zh="这是二进制数据，不是文本文件", file=file
        )
    name = detect_encoding(data)
    if name is None:
        raise AircheckError(
            "not UTF-8, UTF-16 (with BOM) or GB18030/GBK text",
            zh="不是 UTF-8、带 BOM 的 UTF-16 或 GB18030/GBK 编码的文本",
            file=file,
        )
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:  # a BOM promised an encoding the bytes break
        raise AircheckError(
            f"not valid {name} text ({exc.reason})",
            zh=f"不是有效的 {name} 文本（{exc.reason}）",
            file=file,
        ) from None
    return text.lstrip("\ufeff")


def cannot_read(path: Path, exc: OSError) -> AircheckError:
    """The one-line error for a file the system will not give us (missing, a folder, no access)."""
    return AircheckError(
        f"cannot read file: {exc.strerror}", zh=f"无法读取文件：{exc.strerror}", file=str(path)
    )


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a clear error naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise cannot_read(path, exc) from None


def read_text(path: str | Path) -> str:
    """Read a text file in whichever supported encoding it was saved."""
    path = Path(path)
    return decode(read_bytes(path), str(path))
