"""Which claims no check looked at: what ``--show-unchecked`` lists.

A checker that abstains must say so: every figure that took part in no relation a
rule could check is listed with its place, so a reviewer knows what to verify by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..model import Report

UNCHECKED_COLUMNS = ("file", "line", "column", "section", "subject", "raw")


def unchecked_claims(report: Report) -> pd.DataFrame:
    """The report's claims that took part in no check, in file and line order."""
    claims = report.claims
    if claims is None or len(claims) == 0:
        import pandas as pd

        return pd.DataFrame(columns=list(UNCHECKED_COLUMNS))
    mask = ~claims["claim_id"].isin(report.checked_ids)
    columns = [c for c in UNCHECKED_COLUMNS if c in claims.columns]
    return claims.loc[mask, columns].sort_values(["file", "line", "column"]).reset_index(drop=True)


def format_unchecked(report: Report) -> list[str]:
    """One line per unchecked claim: ``file:line:column  section  raw  (subject)``."""
    return [
        f"{row.file}:{row.line}:{row.column}  {row.section or '-'}  {row.raw}  ({row.subject})"
        for row in unchecked_claims(report).itertuples()
    ]
