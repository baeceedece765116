"""Several reports of one series: order them by period and link their figures.

Each input gets a period (``--period 2021-06``; else the title's ``6月份`` /
``1—5月`` and the first ``2021年`` of the text; else a ``2021-06`` in the file
name). Figures are matched across reports by section + subject (or the key a
pack gave them) + field, with period words (``6月份``, ``截至目前``, ``累计``)
left out of the subject. The links become ordinary relations:

- ``cumulative`` (earlier, later): a cumulative figure in consecutive reports of one year;
- ``target`` (earlier, later): an annual target (计划) in consecutive reports of one year;
- ``ytd`` (total, part…): a year-to-date figure and the monthly figures it sums.

A figure that is not unique in its report, or whose identity is unclear, is not linked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AircheckError
from .model import Finding, Location, Severity
from .pack_model import fold_section
from .pack_relations import cumulative_keys

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .claimset import ClaimSet
    from .rulebase import Options

_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN.update({"十一": 11, "十二": 12})
_NUM = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_DASH = r"\s*[-—–~～至到]\s*"
_ANY = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"  # the same, without a group, for matching
RANGE_RE = re.compile(rf"{_NUM}{_DASH}{_NUM}\s*月")
MONTH_RE = re.compile(rf"(?:(?<=截至)|(?<=截止)|(?<![\d\-—–~～至到]))\s*{_NUM}\s*月份?")
YEAR_RE = re.compile(r"(20\d{2})\s*年")
FILENAME_RE = re.compile(r"(20\d{2})[-_.年]?(0[1-9]|1[0-2])(?!\d)")
EXPLICIT_RE = re.compile(r"^\s*(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
#: Words that place a figure in time; left out when matching subjects across reports.
PERIOD_WORDS = re.compile(
    rf"{_ANY}{_DASH}{_ANY}\s*月份?|{_ANY}\s*月份?(?:底|末)?|截[至止](?:目前|今)?|"
    r"今年以来|年度累计|累计|本月|当月|目前|全年"
)
#: A title names a report: 通报, 情况, 进展… (simplified or traditional).
TITLE_WORDS = r"通报|通報|情况|情況|进展|進展|报告|報告|月报|月報"
#: Parts of a year a title may name instead of a month: the report runs to their last month.
PARTS_OF_YEAR = {"前三季度": 9, "上半年": 6, "一季度": 3, "第一季度": 3}
CUMULATIVE_WORDS = r"累计|截[至止]|今年以来|年度累计|全年"
MONTH_WORDS = rf"(?<![\d\-—–~～至到]){_ANY}\s*月份|本月|当月"
RANGE_WORDS = rf"{_ANY}{_DASH}{_ANY}\s*月"


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """A reporting period: the year (if known) and the last month the report covers."""

    year: int | None
    month: int
    first_month: int = 0  # 1 for a 1—5月 report; 0 when the report names one month

    def label(self) -> str:
        year = f"{self.year}-" if self.year else ""
        return f"{year}{self.month:02d}"


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _CN[text]


def parse_period(text: str) -> Period:
    """``2021-06``, ``2021/6`` or ``2021年6月`` as given on the command line."""
    match = EXPLICIT_RE.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise AircheckError(
            f"--period {text!r}: write the year and month, e.g. 2021-06",
            zh=f"--period {text!r}：请写年份和月份，例如 2021-06",
        )
    return Period(int(match.group(1)), int(match.group(2)))


def detect(path: str) -> Period | None:
    """The period of a report from its title and text, else from its file name."""
    text = _text_of(path)
    period = from_text(text) if text else None
    if period is None:
        match = FILENAME_RE.search(Path(path).name)
        if match:
            period = Period(int(match.group(1)), int(match.group(2)))
    return period


def from_text(text: str) -> Period | None:
    """The period named in the title (the first lines holding a month), year from the text."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:15]
    month = first = None
    for line in lines:
        if not re.search(TITLE_WORDS, line):
            continue
        ranged = RANGE_RE.search(line)
        single = MONTH_RE.search(line)
        part = re.search("|".join(PARTS_OF_YEAR), line)
        if ranged:
            first, month = _month(ranged.group(1)), _month(ranged.group(2))
        elif single:
            month = _month(single.group(1))
        elif part:
            first, month = 1, PARTS_OF_YEAR[part.group(0)]
        if month:
            break
    if not month or not 1 <= month <= 12:
        return None
    title_year = next((YEAR_RE.search(ln) for ln in lines if YEAR_RE.search(ln)), None)
    year_match = title_year or YEAR_RE.search(text)
    year = int(year_match.group(1)) if year_match else None
    return Period(year, month, first or 0)


def _text_of(path: str) -> str:
    if Path(path).suffix.lower() not in (".txt", ".md"):
        return ""
    from .encoding import decode

    try:
        return decode(Path(path).read_bytes(), path)
    except (OSError, AircheckError):
        return ""


def periods_for(files: list[str], given: tuple[str, ...]) -> dict[str, Period | None]:
    """The period of each file: the one given for it (by position), else the detected one."""
    out: dict[str, Period | None] = {}
    for index, file in enumerate(files):
        stated = given[index] if index < len(given) else ""
        out[file] = parse_period(stated) if stated else detect(file)
    years = {p.year for p in out.values() if p and p.year}
    if len(years) == 1:  # a report without a year belongs to the one year of the others
        year = years.pop()
        out = {
            f: Period(year, p.month, p.first_month) if p and not p.year else p
            for f, p in out.items()
        }
    return out


# -- linking ------------------------------------------------------------------


def link(claimset: ClaimSet, sources: list[Any], options: Options) -> ClaimSet:
    """Add cumulative, target and ytd relations between the reports of a series."""
    import pandas as pd

    from .claimset import RELATION_COLUMNS, ClaimSet

    periods = periods_for(list(claimset.files), tuple(options.periods))
    findings = list(claimset.findings)
    for file, period in periods.items():
        if period is None:
            findings.append(_unknown(file))
    known = {f: p for f, p in periods.items() if p is not None}
    frames = [claimset.relations]
    if len(known) >= 2 and not claimset.claims.empty:
        claims = _annotate(claimset, known, cumulative_keys(options.packs))
        frames.append(_pairs(claims[claims["cumulative"]], "cumulative"))
        frames.append(_pairs(claims[claims["target"]], "target"))
        frames.append(_ytd(claims))
    relations = pd.concat(frames, ignore_index=True).astype(RELATION_COLUMNS)
    return ClaimSet(
        claims=claimset.claims,
        relations=relations,
        files=claimset.files,
        findings=findings,
        unchecked_rows=claimset.unchecked_rows,
        pages=claimset.pages,
        reasons=claimset.reasons,
    )


def _unknown(file: str) -> Finding:
    return Finding(
        code="AC704",
        rule="period-unknown",
        severity=Severity.INFO,
        messages={
            "en": "the report's period is not known (no 6月份 / 1—5月 in its title, no 2021-06 in its name); "
            "it is not compared with the other reports: give it with --period",
            "zh": "无法判定该报告的期间（标题无“6月份/1—5月”，文件名无“2021-06”），未与其他报告比对；可用 --period 指定",
        },
        locations=[Location(file, 1)],
    )


def _annotate(
    claimset: ClaimSet, periods: dict[str, Period], cumulative: dict[str, bool]
) -> pd.DataFrame:
    """Claims of dated reports with their identity, period and flags."""
    claims = claimset.claims
    claims = claims[claims["file"].isin(periods)].copy()
    rel = claimset.relations
    ratio = rel[rel["kind"] == "ratio"]
    progress_role = claims["claim_id"].map(
        ratio.set_index("claim_id")["role"].groupby(level=0).first()
    )
    subject = claims["subject"].fillna("")
    words = subject + " " + claims["raw"].fillna("")
    base = subject.str.replace(PERIOD_WORDS, "", regex=True).str.replace(r"\s+", "", regex=True)
    name = claims["key"].str.strip().where(claims["key"].str.strip() != "", base)
    monthly = subject.str.contains(MONTH_WORDS, regex=True) & ~subject.str.contains(
        RANGE_WORDS, regex=True
    )
    ranged = subject.str.contains(RANGE_WORDS, regex=True)
    scope = ranged.map({True: "|range", False: ""}) + monthly.map({True: "|month", False: ""})
    claims["series"] = claims["section"].map(fold_section) + "|" + name + "|" + claims["field"]
    claims["identity"] = claims["series"] + scope
    claims["item"] = claims["file"] + "|" + claims["section"] + "|" + claims["subject"]
    claims["year"] = claims["file"].map({f: p.year or 0 for f, p in periods.items()})
    claims["month"] = claims["file"].map({f: p.month for f, p in periods.items()})
    claims["label"] = claims["file"].map({f: p.label() for f, p in periods.items()})
    stated_cumulative = (claims["qualifier"] == "累计") | words.str.contains(
        CUMULATIVE_WORDS, regex=True
    )
    flag = (progress_role.isin(["completed", "rate"]) | stated_cumulative | ranged) & ~monthly
    declared = claims["key"].str.strip().map(cumulative)
    claims["cumulative"] = declared.where(declared.notna(), flag).astype(bool)
    claims["target"] = (progress_role == "planned") & ~monthly
    claims["monthly"] = monthly
    # a rate may fall when its target grew: link rates only where the plan is unchanged
    planned = claims[claims["field"] == "planned"].drop_duplicates("item").set_index("item")["text"]
    claims["plan"] = claims["item"].map(planned).astype(object).fillna("")
    unique = claims.groupby(["file", "identity"])["claim_id"].transform("size") == 1
    return claims[unique & (name != "")]


def _pairs(claims: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Each figure paired with its statement in the previous report of the same year."""
    from .claimset import relations_frame

    ordered = claims.sort_values(["identity", "year", "month"], kind="stable")
    grouped = ordered.groupby("identity")
    prev = ordered.assign(
        earlier=grouped["claim_id"].shift(1),
        earlier_year=grouped["year"].shift(1),
        earlier_month=grouped["month"].shift(1),
        earlier_label=grouped["label"].shift(1),
        earlier_plan=grouped["plan"].shift(1),
    ).dropna(subset=["earlier"])
    keep = (prev["earlier_year"] == prev["year"]) & (prev["earlier_month"] < prev["month"])
    if kind == "cumulative":
        is_rate = prev["field"] == "rate"
        keep &= ~is_rate | (prev["plan"] == prev["earlier_plan"])
    prev = prev[keep]
    ids = f"{kind}:" + prev["identity"] + "@" + prev["label"]
    detail = prev["earlier_label"] + "→" + prev["label"]
    rows: list[dict[str, object]] = []
    for role, column in (("earlier", "earlier"), ("later", "claim_id")):
        rows.extend(
            {
                "relation_id": r,
                "kind": kind,
                "role": role,
                "claim_id": c,
                "order": 0 if role == "earlier" else 1,
                "detail": d,
            }
            for r, c, d in zip(ids, prev[column], detail)
        )
    return relations_frame(rows)


def _ytd(claims: pd.DataFrame) -> pd.DataFrame:
    """A 1—N月 figure with the monthly figures of months 1..N, where every month is stated."""
    from .claimset import relations_frame

    ranges = claims["subject"].str.extract(RANGE_RE)
    totals = claims[ranges[0].notna()].assign(
        first=ranges[0].dropna().map(_month), last=ranges[1].dropna().map(_month)
    )
    single = claims["subject"].str.extract(MONTH_RE)[0]
    months = claims[claims["monthly"]].assign(
        of_month=single.where(single.notna(), None).dropna().map(_month)
    )
    months["of_month"] = months["of_month"].fillna(months["month"]).astype(int)
    months = months.sort_values("month").drop_duplicates(
        ["series", "year", "of_month"], keep="last"
    )
    if totals.empty or months.empty:
        return relations_frame([])
    joined = totals.merge(months, on=["series", "year"], suffixes=("", "_m"))
    joined = joined[
        (joined["of_month"] >= joined["first"]) & (joined["of_month"] <= joined["last"])
    ]
    counts = joined.groupby("claim_id")["of_month"].nunique()
    span = totals.set_index("claim_id")
    complete = counts[
        counts == (span.loc[counts.index, "last"] - span.loc[counts.index, "first"] + 1)
    ].index
    joined = joined[joined["claim_id"].isin(complete)]
    rows = [
        {
            "relation_id": f"ytd:{c}",
            "kind": "ytd",
            "role": "total",
            "claim_id": c,
            "order": 0,
            "detail": label,
        }
        for c, label in zip(complete, span.loc[complete, "label"])
    ]
    rows.extend(
        {
            "relation_id": f"ytd:{c}",
            "kind": "ytd",
            "role": "part",
            "claim_id": m,
            "order": int(o),
            "detail": "",
        }
        for c, m, o in zip(joined["claim_id"], joined["claim_id_m"], joined["of_month"])
    )
    return relations_frame(rows)
