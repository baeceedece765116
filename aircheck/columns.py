"""The table format of design §3: canonical column names and their aliases.

The single place where header spellings live; readers and ``extract`` use it.
"""

from __future__ import annotations

#: Canonical columns, in the order ``aircheck extract`` writes them.
COLUMNS: tuple[str, ...] = (
    "section",
    "item",
    "unit",
    "planned",
    "completed",
    "rate",
    "kind",
    "key",
    "source",
    "note",
)
NUMERIC_COLUMNS: tuple[str, ...] = ("planned", "completed", "rate")

ALIASES: dict[str, tuple[str, ...]] = {
    "section": ("章节", "部分", "栏目"),
    "item": ("事项", "项目", "指标名称", "名称"),
    "unit": ("单位", "计量单位"),
    "planned": ("计划", "计划数", "计划值", "目标", "任务", "年度计划", "plan", "target"),
    "completed": ("已完成", "完成", "完成数", "完成值", "实际完成", "done", "actual"),
    "rate": ("完成率", "完成比例", "进度", "比例", "percent", "ratio"),
    "kind": ("类型", "类别", "type"),
    "key": ("指标", "关联", "键", "id"),
    "source": ("出处", "来源", "位置", "line"),
    "note": ("备注", "说明", "notes", "comment"),
}

#: Values of the ``kind`` column and what they mean.
KINDS: dict[str, str] = {
    "progress": "progress",
    "进度": "progress",
    "share": "share",
    "占比": "share",
    "部分": "share",
}


def _fold(name: str) -> str:
    return "".join(name.split()).lower().strip("\ufeff")


_LOOKUP: dict[str, str] = {}
for _canonical, _aliases in ALIASES.items():
    for _alias in (_canonical, *_aliases):
        _LOOKUP[_fold(_alias)] = _canonical


def canonical(header: str) -> str | None:
    """The canonical column for a header cell, or None if unknown."""
    return _LOOKUP.get(_fold(str(header)))
