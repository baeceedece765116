"""Probe reports in phrasings the seed lacks: no false alarm, and a changed figure is caught."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

import aircheck.engine as engine
from aircheck.model import Severity

PROBES = FIXTURES / "probes"
LOUD = (Severity.ERROR, Severity.WARNING)

#: probe -> relations aircheck finds in it today (a floor: finding fewer is a regression)
FOUND = {
    "river-chief-2023-q3.txt": {"ratio": 5, "same": 2, "part_whole": 2},
    "projects-safety-2024-h1.txt": {"ratio": 4, "sum": 2},
    "rural-toilets-2022-10.txt": {"ratio": 5, "same": 1},
    # 其中税收收入7.2亿元 is now the 73.5% share of the 9.8亿元 revenue (a ratio), no longer
    # a mere part of the 12亿元 budget; the share of 新签约 started (31/48) is read too
    "county-economy-2023-q3.txt": {"ratio": 6, "part_whole": 2},
    "livelihood-projects-2023.txt": {"ratio": 7, "part_whole": 2},
    "rectification-2023.txt": {"ratio": 1, "count": 1, "part_whole": 1},
    "air-quarter-2024-q1.txt": {"ratio": 6, "sum": 3, "part_whole": 1},
    "petitions-2023-10.txt": {"ratio": 6, "sum": 1, "part_whole": 2},
    "health-2023.txt": {"ratio": 1, "part_whole": 1},
    "investment-2023-q3.txt": {"ratio": 4},
    "farmland-2024.txt": {"ratio": 2, "sum": 1, "part_whole": 2},
}

#: (probe, text as written, text changed, the finding's code, its line)
CHANGES = [
    ("river-chief-2023-q3.txt", "整改率91.9%", "整改率91.8%", "AC102", 6),
    ("river-chief-2023-q3.txt", "折合约16275亩", "折合约16725亩", "AC301", 9),
    ("river-chief-2023-q3.txt", "40公里的89%", "40公里的98%", "AC101", 9),
    ("projects-safety-2024-h1.txt", "完成投资26.6亿元", "完成投资36.6亿元", "AC204", 3),
    ("rural-toilets-2022-10.txt", "1500座的84%", "1500座的48%", "AC101", 3),
    (
        "county-economy-2023-q3.txt",
        "完成年度预算12亿元的81.7%",
        "完成年度预算12亿元的87.1%",
        "AC101",
        3,
    ),
    (
        "livelihood-projects-2023.txt",
        "年度计划150个，完成率84%",
        "年度计划150个，完成率48%",
        "AC101",
        3,
    ),
    ("rectification-2023.txt", "C区3个地区", "C区4个地区", "AC205", 6),
    ("air-quarter-2024-q1.txt", "移动源95个", "移动源105个", "AC204", 3),
    ("air-quarter-2024-q1.txt", "| 120 | 58 |", "| 120 | 68 |", "AC101", 10),
    ("petitions-2023-10.txt", "27.2%、15.2%", "27.2%、12.5%", "AC101", 3),
    ("petitions-2023-10.txt", "三区合计215件", "三区合计225件", "AC204", 5),
    ("health-2023.txt", "完工率73.3%", "完工率77.3%", "AC101", 5),
    ("investment-2023-q3.txt", "已竣工22个，竣工率62.9%", "已竣工22个，竣工率69.2%", "AC101", 7),
    ("farmland-2024.txt", "合格率97.4%", "合格率94.7%", "AC101", 7),
]


@pytest.mark.parametrize("name", sorted(FOUND))
def test_no_false_alarm_and_the_relations_are_found(name):
    report = engine.validate(PROBES / name)
    loud = [(f.code, f.locations[0].line) for f in report.findings if f.severity in LOUD]
    assert loud == []
    for kind, count in FOUND[name].items():
        assert report.stats["relations"].get(kind, 0) >= count, kind


@pytest.mark.parametrize(("name", "before", "after", "code", "line"), CHANGES)
def test_a_changed_figure_is_caught_at_its_line(tmp_path, name, before, after, code, line):
    text = (PROBES / name).read_text("utf-8")
    assert text.count(before) == 1
    changed = tmp_path / name
    changed.write_text(text.replace(before, after), "utf-8")
    report = engine.validate(changed)
    assert (code, line) in [(f.code, f.locations[0].line) for f in report.findings]
