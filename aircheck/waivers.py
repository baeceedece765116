"""Waivers: findings a reviewer has accepted, listed by fingerprint in ``.aircheck-waivers.yaml``.

A waived finding leaves the exit code and the findings list and is reported
under "waived" with its reason. A waiver past its ``expires`` date no longer
waives (AC801); a waiver that matches no finding is reported (AC802) so the file
does not silently rot. The file format is in docs/packs.md ("Waivers").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AircheckError
from .model import Finding, Location, Report, Severity

if TYPE_CHECKING:  # pragma: no cover
    from .yamlmarks import Marked
    from .yamlmarks import Path as Path_
    from .yamlschema import Mapping

DEFAULT_FILE = ".aircheck-waivers.yaml"
_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True, slots=True)
class Waiver:
    fingerprint: str
    reason: str
    expires: dt.date | None
    file: str
    line: int

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


def find(explicit: str | None = None, start: Path | None = None) -> Path | None:
    """The waiver file: the one given, else ``.aircheck-waivers.yaml`` in the current directory."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise AircheckError("no such waiver file", zh="豁免文件不存在", file=str(path))
        return path
    candidate = (start or Path.cwd()) / DEFAULT_FILE
    return candidate if candidate.is_file() else None


def _reason(value: Any, path: Path_, doc: Marked) -> None:
    from .yamlschema import text

    if not text(doc, path, value):
        raise doc.error(path, _NO_REASON[0], zh=_NO_REASON[1])


def _date(value: Any, path: Path_, doc: Marked) -> None:
    from .yamlschema import text

    try:
        dt.date.fromisoformat(text(doc, path, value))
    except ValueError:
        raise doc.error(
            path,
            "'expires' must be a date such as 2021-12-31",
            zh="'expires' 必须是日期，例如 2021-12-31",
        ) from None


_NO_FINGERPRINT = (
    "a waiver needs the 16-character fingerprint of a finding",
    "豁免需要写明问题的 16 位指纹",
)
_NO_REASON = ("a waiver needs a reason", "豁免必须写明理由")


@cache
def schema() -> Mapping:
    """The format of a waiver file (docs/packs.md, "Waivers"); made when a file is read
    (a run without waivers does not load the YAML schema modules)."""
    from .yamlschema import Many, Mapping, Text

    return Mapping(
        keys={
            "waivers": Many(
                item=Mapping(
                    keys={
                        "fingerprint": Text(pattern=_FINGERPRINT.pattern, mismatch=_NO_FINGERPRINT),
                        "reason": Text(check=_reason),
                        "expires": Text(check=_date),
                        "code": Text(),
                        "note": Text(),
                    },
                    required={
                        "fingerprint": _NO_FINGERPRINT,
                        "reason": _NO_REASON,
                    },
                ),
                null=True,
            )
        }
    )


def load(path: str | Path) -> list[Waiver]:
    """Read and validate a waiver file; problems are AircheckErrors at file:line:column."""
    from .yamlmarks import load_file
    from .yamlschema import text

    doc = load_file(path, "waiver file", "豁免文件")
    if doc.data is None:
        return []
    schema().validate(doc.data, (), doc)
    out = []
    for i, item in enumerate(doc.data.get("waivers") or []):
        at: Path_ = ("waivers", i)
        expires = item.get("expires")
        if expires is not None:
            expires = dt.date.fromisoformat(text(doc, (*at, "expires"), expires))
        fingerprint = text(doc, (*at, "fingerprint"), item["fingerprint"])
        reason = text(doc, (*at, "reason"), item["reason"])
        out.append(Waiver(fingerprint, reason, expires, doc.file, doc.marks[at][0]))
    return out


def apply(
    report: Report,
    waivers: list[Waiver],
    today: dt.date | None = None,
    report_unused: bool = True,
) -> Report:
    """Move waived findings out of ``report.findings``; add AC801/AC802 notices."""
    if not waivers:
        return report
    today = today or dt.date.today()
    active = {w.fingerprint: w for w in waivers if not w.expired(today)}
    kept: list[Finding] = []
    for finding in report.findings:
        waiver = active.get(finding.fingerprint)
        if waiver is None:
            kept.append(finding)
        else:
            report.waived.append((finding, waiver.reason))
    used = {f.fingerprint for f, _ in report.waived}
    present = {f.fingerprint for f in report.findings}
    for waiver in waivers:
        if waiver.expired(today):
            kept.append(_expired(waiver, waiver.fingerprint in present))
        elif report_unused and waiver.fingerprint not in used:
            kept.append(_unused(waiver))
    report.findings = sorted(kept, key=lambda f: f.sort_key())
    report.stats["waived"] = len(report.waived)
    return report


#: The notices about waivers themselves: (code, rule, severity, fix en, fix zh).
_EXPIRED = (
    "AC801", "expired-waiver", Severity.WARNING,
    "renew the waiver with a new date or remove it", "更新到期日或删除该豁免",
)  # fmt: skip
_UNUSED = (
    "AC802", "unused-waiver", Severity.INFO,
    "remove it if the finding is gone", "如问题已不存在，可删除该豁免",
)  # fmt: skip


def _expired(w: Waiver, matches: bool) -> Finding:
    still = " The finding it waived is reported again." if matches else ""
    still_zh = "其豁免的问题重新列出。" if matches else ""
    en = f"waiver {w.fingerprint} expired on {w.expires} ({w.reason}).{still}"
    return _notice(
        w, _EXPIRED, en, f"豁免 {w.fingerprint} 已于 {w.expires} 到期（{w.reason}）。{still_zh}"
    )


def _unused(w: Waiver) -> Finding:
    en = f"waiver {w.fingerprint} ({w.reason}) matches no finding"
    return _notice(w, _UNUSED, en, f"豁免 {w.fingerprint}（{w.reason}）未匹配任何问题")


def _notice(waiver: Waiver, rule: tuple[str, str, Severity, str, str], en: str, zh: str) -> Finding:
    """A finding about the waiver itself, placed at its line in the waiver file."""
    code, name, severity, fix_en, fix_zh = rule
    return Finding(
        code=code,
        rule=name,
        severity=severity,
        messages={"en": en, "zh": zh},
        locations=[Location(waiver.file, waiver.line, text=waiver.fingerprint)],
        stated=waiver.fingerprint,
        fixes={"en": fix_en, "zh": fix_zh},
    )


def append(path: str | Path, fingerprint: str, reason: str, expires: str | None = None) -> None:
    """Add one waiver to the file (created if missing), keeping its comments as written."""
    if not _FINGERPRINT.fullmatch(fingerprint):
        raise AircheckError(
            f"{fingerprint!r} is not a finding fingerprint (16 hex characters)",
            zh=f"{fingerprint!r} 不是问题指纹（应为 16 位十六进制字符）",
        )
    if not reason.strip():
        raise AircheckError("a waiver needs a reason (--reason)", zh="豁免必须写明理由（--reason）")
    if expires:
        try:
            dt.date.fromisoformat(expires)
        except ValueError:
            raise AircheckError(
                f"--expires {expires!r}: write a date such as 2021-12-31",
                zh=f"--expires {expires!r}：请写日期，例如 2021-12-31",
            ) from None
    path = Path(path)
    existing = load(path) if path.exists() else []
    if any(w.fingerprint == fingerprint for w in existing):
        raise AircheckError(
            f"{fingerprint} is already waived", zh=f"{fingerprint} 已经豁免过了", file=str(path)
        )
    import json

    entry = f"  - fingerprint: {fingerprint}\n    reason: {json.dumps(reason.strip(), ensure_ascii=False)}\n"
    if expires:
        entry += f"    expires: {expires}\n"
    text = path.read_text("utf-8") if path.exists() else ""
    if not text.strip():
        text = (
            "# Findings accepted on review: aircheck waive FINGERPRINT --reason '...'\nwaivers:\n"
        )
    elif re.search(r"^waivers:\s*\[\]\s*$", text, re.MULTILINE):
        text = re.sub(r"^waivers:\s*\[\]\s*$", "waivers:", text, flags=re.MULTILINE)
    if not text.endswith("\n"):
        text += "\n"
    from .outputs import write_text

    write_text(path, text + entry)  # a failed write leaves the waivers as they were
