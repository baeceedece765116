"""Which claims no check looked at: what ``--show-unchecked`` lists.

A checker that abstains must say so: every figure that took part in no relation a
rule could check is listed with its place, so a reviewer knows what to verify by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import default_language, in_language

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..model import Report

UNCHECKED_COLUMNS = ("file", "line", "column", "section", "subject", "raw", "reason")


def unchecked_claims(report: Report, lang: str | None = None) -> pd.DataFrame:
    """The report's claims that took part in no check, in file and line order, each with the
    reason the reader recorded for it (a rate whose base is not beyond doubt), if any."""
    import pandas as pd

    claims = report.claims
    if claims is None or len(claims) == 0:
        return pd.DataFrame(columns=list(UNCHECKED_COLUMNS))
    language = lang or default_language()
    mask = ~claims["claim_id"].isin(report.checked_ids)
    columns = [c for c in UNCHECKED_COLUMNS if c in claims.columns]
    rows = claims.loc[mask, [*columns, "claim_id"]]
    reasons = [in_language(report.reasons.get(str(i), ""), language) for i in rows["claim_id"]]
    rows = rows.assign(reason=reasons).drop(columns="claim_id")
    return rows.sort_values(["file", "line", "column"]).reset_index(drop=True)


def format_unchecked(report: Report, lang: str | None = None) -> list[str]:
    """One line per unchecked claim: ``file:line:column  section  raw  (subject)  reason``."""
    return [
        f"{row.file}:{row.line}:{row.column}  {row.section or '-'}  {row.raw}  ({row.subject})"
        + (f"  {row.reason}" if row.reason else "")
        for row in unchecked_claims(report, lang).itertuples()
    ]
