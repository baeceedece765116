"""The report-text extractor end to end: the seed report, its mutations, and what is never a claim."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SEED_TEXT, codes_at

import aircheck.engine as engine
from aircheck.model import Severity
from aircheck.text import extract_file

SEED = SEED_TEXT.read_text("utf-8")
LOUD = (Severity.ERROR, Severity.WARNING)


def _validate_text(tmp_path: Path, text: str, name: str = "report.txt"):  # type: ignore[no-untyped-def]
    """As ``aircheck validate`` runs it: with the built-in packs the report matches (the seed's
    zhengzhou-air pack links 国土绿化 to 造林 and 光伏项目备案 to 发电装机容量)."""
    path = tmp_path / name
    path.write_text(text, "utf-8")
    claimset, options = engine.read_as_validated(path)
    return engine.check(claimset, options)


def test_seed_gives_the_five_truncations_the_summary_and_the_bare_magnitude():
    report = engine.validate(SEED_TEXT)
    assert codes_at(report) == [
        ("AC105", 1),
        ("AC102", 15),
        ("AC102", 17),
        ("AC102", 19),
        ("AC102", 23),
        ("AC102", 23),
        ("AC403", 37),
    ]
    assert not [f for f in report.findings if f.severity is Severity.ERROR]


def test_seed_claims_point_at_the_original_line_and_column():
    claims = extract_file(SEED_TEXT).claims
    lines = SEED.splitlines()
    for raw, line in (("39.82公里", 15), ("1161.14 公顷", 19), ("约 17417 亩", 43), ("98", 0)):
        if not line:
            continue
        row = claims[
            (claims["line"] == line) & (claims["raw"].str.replace(" ", "") == raw.replace(" ", ""))
        ]
        assert len(row) == 1, raw
        column, end = int(row["column"].iloc[0]), int(row["end_column"].iloc[0])
        assert lines[line - 1][column - 1 : end] == raw


def test_page_broken_numbers_keep_their_first_line(tmp_path):
    text = "（一）计划新建改造供热管网57公里，目前已建设完成39.82公里，完成率\n\n69.8%。\n"
    claims = extract_file(_write(tmp_path, text)).claims
    rate = claims[claims["percent"]]
    assert list(rate["line"]) == [3] and list(rate["column"]) == [1]


def _write(tmp_path: Path, text: str, name: str = "r.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_sections_follow_the_headings():
    claims = extract_file(SEED_TEXT).claims
    section = dict(zip(claims["raw"], claims["section"]))
    assert section["39.82公里"] == "一（二）"
    assert section["约 17417 亩"] == "二（五）"


def test_years_dates_names_and_slogans_are_not_claims(tmp_path):
    text = (
        "一、2021 年 1-5 月份工作\n\n（一）截至 5 月底，6月份 PM2.5 与 VOCs 治理，国三、国四车辆，"
        "二七区、七三七处工程，“1+N”“一企一策”“三率”，严格落实“八个百分之百”，"
        "第二十四批、第4批，《郑州市 2021 年臭氧污染天气分级分类管理办法》，近三年，2010—2011年。\n"
    )
    cs = extract_file(_write(tmp_path, text))
    assert cs.claims.empty, list(cs.claims["raw"])
    assert not _validate_text(tmp_path, text).findings


MUTATIONS = [
    ("已建设完成39.82公里", "已建设完成35.82公里", 15),  # triple: completed
    ("供热管网57公里", "供热管网67公里", 15),  # triple: plan
    ("完成率69.8%", "完成率65.8%", 15),  # triple: rate
    ("已完成 46 家共 72 个炉窑", "已完成 46 家共 92 个炉窑", 21),  # two-level triple
    ("完成率 75%", "完成率 85%", 21),
    ("已完成 310 家", "已完成 320 家", 23),
    ("已联网数量 21 台", "已联网数量 31 台", 25),  # part of a whole
    ("M 站数量 70 个，已联网 69 个", "M 站数量 70 个，已联网 79 个", 25),
    ("新能源车 7313 辆", "新能源车 17313 辆", 39),
    ("不合格台数 7 台", "不合格台数 2950 台", 25),  # found among the inspected
    ("建成 6 个", "建成 26 个", 43),
    ("已完成智慧化设备安装的项目为 1105 个", "已完成智慧化设备安装的项目为 1305 个", 45),  # funnel
    ("完成前端设备联网项目 980 个", "完成前端设备联网项目 1980 个", 45),
    ("华威耐材等 5 家企业", "华威耐材等 4 家企业", 51),  # enumeration
    ("华威耐材等 5 家企业", "华威耐材等 6 家企业", 51),
    ("累计治理面积约 17417 亩", "累计治理面积约 16417 亩", 43),  # repeated figure
    ("修复治理率为 89.7%", "修复治理率为 87.9%", 43),
    ("国土绿化面积 4.03 万亩", "国土绿化面积 4.13 万亩", 43),
    ("中幼林抚育 7.25 万亩", "中幼林抚育 7.52 万亩", 43),
    ("完成光伏项目备案 3.2 万千瓦", "完成光伏项目备案 3.5 万千瓦", 37),
    ("已完成治理 1161.14 公顷", "已完成治理 1061.14 公顷", 19),
]


@pytest.mark.parametrize(("old", "new", "line"), MUTATIONS)
def test_a_changed_figure_is_caught_at_its_line(tmp_path, old, new, line):
    assert SEED.count(old) == 1, old
    report = _validate_text(tmp_path, SEED.replace(old, new))
    loud = [
        f
        for f in report.findings
        if f.severity in LOUD
        and f.code not in ("AC105",)
        and any(loc.line == line for loc in f.locations)
    ]
    baseline = {("AC102", 15), ("AC102", 17), ("AC102", 19), ("AC102", 23), ("AC403", 37)}
    assert [f for f in loud if (f.code, f.locations[0].line) not in baseline], codes_at(report)


SHARES = FIXTURES / "text_shares.txt"


def test_listed_shares_are_ratios_over_the_total_and_add_up():
    report = engine.validate(SHARES)
    assert report.stats["relations"]["ratio"] == 4 and report.stats["relations"]["sum"] == 1
    assert not report.findings


def test_a_changed_share_count_breaks_its_ratio_and_the_sum(tmp_path):
    report = _validate_text(tmp_path, SHARES.read_text("utf-8").replace("水18件", "水19件"))
    assert {f.code for f in report.findings} == {"AC101", "AC204"}
    assert {f.locations[0].line for f in report.findings} == {3}


def test_growth_gaps_unstated_bases_and_exceeded_plans_raise_nothing(tmp_path):
    text = (
        "（一）计划开工项目 20 个，开工 25 个，超额完成任务。全年计划新建 30 座，已建成 36 座。\n"
        "（二）同比增长12.5%，失业率低于4.3%，完成投资5.6亿元，完成率55%。优良天数112天，优良率61.5%。\n"
        "（三）3个月内完成，1至5月全市，2021年至2025年，20:00前，第1季度。\n"
    )
    report = _validate_text(tmp_path, text)
    assert report.findings == [] and report.stats["relations"] == {}


def test_one_subject_in_two_scopes_is_not_one_figure(tmp_path):
    text = (
        "一、城区\n\n（一）计划新建改造供热管网57公里，目前已完成39.82公里，完成率69.9%。\n\n"
        "二、郊县\n\n（一）计划新建改造供热管网30公里，目前已完成12公里，完成率40%。\n"
    )
    report = _validate_text(tmp_path, text)
    assert report.findings == [] and "same" not in report.stats["relations"]


def test_a_generated_report_is_clean():
    import importlib.util
    import sys

    from conftest import ROOT

    generator = ROOT / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("generate", generator)
    if not generator.exists() or spec is None or spec.loader is None:
        pytest.skip("bench/generate.py is not available")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.txt"
        path.write_text(module.report_text(60), "utf-8")
        report = engine.validate(path)
    assert report.findings == [] and report.stats["relations"]["ratio"] == 40


RIVER = (
    "二、重点任务完成情况\n"
    "（二）水生态修复。计划完成水土流失治理面积1200公顷，已完成1085公顷，完成率90.4%；"
    "折合约16275亩。完成河道清淤疏浚35.6公里，占年度任务40公里的89%。\n"
)


def test_a_plan_inside_the_share_clause_makes_a_triple(tmp_path):
    report = _validate_text(tmp_path, RIVER)
    assert codes_at(report) == []
    assert report.stats["relations"]["ratio"] == 2
    wrong = _validate_text(tmp_path, RIVER.replace("40公里的89%", "40公里的80%"))
    assert [(f.code, f.expected) for f in wrong.findings] == [("AC101", "89")]


def test_a_figure_restated_in_another_unit_is_the_same_figure(tmp_path):
    report = _validate_text(tmp_path, RIVER)
    assert report.stats["relations"]["same"] == 1
    assert "约16275亩" not in set(
        report.claims[~report.claims["claim_id"].isin(report.checked_ids)]["raw"]
    )
    wrong = _validate_text(tmp_path, RIVER.replace("16275亩", "16725亩"))
    assert codes_at(wrong) == [("AC301", 2)]
    rounder = _validate_text(tmp_path, RIVER.replace("约16275亩", "约1.6万亩"))
    assert codes_at(rounder) == []  # 16275 亩 is 1.6 万亩 to the precision stated


def test_a_restatement_in_the_same_unit_is_not_a_conversion(tmp_path):
    text = "（一）全年计划造林1200亩，已完成600亩，折合约600亩的一半。\n"
    assert "same" not in _validate_text(tmp_path, text).stats["relations"]


def test_two_year_on_year_changes_in_different_sections_are_not_one_figure(tmp_path):
    text = (
        "一、重点项目\n"
        "（二）开工情况。186个项目中，已开工172个，开工率92.5%，同比提高3.2个百分点。\n"
        "三、空气质量\n"
        "全市优良天数比例为78.5%，同比提高2.1个百分点。\n"
    )
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []
    assert "same" not in report.stats["relations"]


def test_completed_then_the_plan_before_the_rate(tmp_path):
    text = (
        "一、总体进展\n"
        "截至10月底，全省累计完成农村户厕改造18.6万户，完成年度任务20万户的93%；"
        "新建农村公共厕所1260座，完成年度任务1500座的84%。\n"
    )
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []  # was two false AC101 (plan and completed swapped)
    assert report.stats["relations"]["ratio"] == 2
    wrong = _validate_text(tmp_path, text.replace("1500座的84%", "1500座的48%"))
    assert [(f.code, f.expected) for f in wrong.findings] == [("AC101", "84")]


def test_x_de_rate_makes_x_the_base_whatever_x_is_called(tmp_path):
    text = "一、主要指标\n一般公共预算收入完成9.8亿元，完成年度预算12亿元的81.7%，其中税收收入7.2亿元。\n"
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []  # was a false AC101: 12 / 9.8
    assert report.stats["relations"]["ratio"] == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "已完成改造小区126个，年度计划150个，完成率84%。",
        "新建社区养老服务站42个（年度任务40个），完成率105%。",
        "打通断头路15条，任务20条，完成率75%。",
    ],
)
def test_the_plan_stated_after_what_was_done(tmp_path, sentence):
    report = _validate_text(tmp_path, "（一）项目进展。" + sentence + "\n")
    assert codes_at(report) == []
    assert report.stats["relations"]["ratio"] == 1
    broken = sentence.replace("完成率", "完成率1")  # 184%, 1105%, 175%
    assert codes_at(_validate_text(tmp_path, "（一）项目进展。" + broken + "\n")) == [("AC101", 1)]


def test_a_list_whose_figure_counts_something_else_is_no_count(tmp_path):
    text = "（一）对甲公司、乙公司、丙公司等企业的12个问题进行挂牌督办，已整改9个。\n"
    assert codes_at(_validate_text(tmp_path, text)) == []  # was a false AC205 (12 vs 3)
    listed = "（四）对A县、B县、C区4个地区开展约谈。\n"
    assert codes_at(_validate_text(tmp_path, listed)) == [("AC205", 1)]


@pytest.mark.parametrize(
    "sentence",
    [
        "（一）全市完成造林面积12万亩，森林抚育面积23万亩。",
        "（二）全县新增城镇就业3260人，农村劳动力转移就业5120人。",
    ],
)
def test_two_measures_of_one_kind_are_not_part_and_whole(tmp_path, sentence):
    assert codes_at(_validate_text(tmp_path, sentence + "\n")) == []  # were false AC201


def test_a_kind_among_a_citywide_total_is_still_a_part(tmp_path):
    text = "（四）全市环卫车 10267 辆，新能源车 17313 辆。\n"
    assert codes_at(_validate_text(tmp_path, text)) == [("AC201", 1)]


def test_parallel_subjects_in_two_sections_are_not_one_figure(tmp_path):
    text = (
        "一、城市建设\n（一）计划建设污水管网26.5公里，已建成19.8公里。\n"
        "二、防汛准备\n（一）计划建设雨水管网30公里，已建成12公里。\n"
    )
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []  # was a false AC301: 26.5 vs 30 公里
    assert "same" not in report.stats["relations"]


def test_a_county_figure_is_not_the_provincial_figure_restated(tmp_path):
    text = (
        "一、总体情况\n全省完成造林面积12.6万亩。\n"
        "三、存在问题\n甲县完成造林面积2.1万亩，进度偏慢。\n"
    )
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []  # was a false AC301: 12.6 vs 2.1 万亩


def test_a_figure_under_a_city_heading_is_not_the_provincial_figure(tmp_path):
    text = (
        "一、总体进展\n全省累计完成农村户厕改造18.6万户。\n"
        "二、重点市进展\n（一）甲市。完成农村户厕改造3.2万户。\n"
    )
    assert codes_at(_validate_text(tmp_path, text)) == []  # was a false AC301


def test_headings_record_the_titles_of_the_sections_a_figure_is_in():
    from aircheck.text.document import build
    from aircheck.text.loaders import SourceLine
    from aircheck.text.normalise import paragraphs

    lines = ["二、重点市进展", "（一）甲市。完成农村户厕改造3.2万户。"]
    paras = build(paragraphs([SourceLine(i, t) for i, t in enumerate(lines, 1)], frozenset(), 0))
    figure = paras[-1].figures[0]
    assert figure.headings == "重点市进展|甲市"


def test_handled_of_received_is_a_completion_rate(tmp_path):
    text = "（一）12345热线受理诉求1.5万件，办结1.48万件，办结率98.7%。\n"
    assert _validate_text(tmp_path, text).stats["relations"] == {"ratio": 1}
    wrong = _validate_text(tmp_path, text.replace("98.7%", "89.7%"))
    assert codes_at(wrong) == [("AC101", 1)]


def test_a_distribution_list_sums_to_the_total_not_to_what_was_done(tmp_path):
    text = "（一）全市共受理信访件356件，已办结329件。按地区分布为：A区186件、B区100件、C区70件。\n"
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []  # was a false AC204 against 已办结329件
    assert report.stats["relations"] == {"sum": 1, "part_whole": 1}  # 已办结 is part of 受理
    assert codes_at(_validate_text(tmp_path, text.replace("C区70件", "C区80件"))) == [("AC204", 1)]


def test_a_breakdown_of_what_was_done_does_not_add_up_to_the_plan(tmp_path):
    text = (
        "（一）全市完成投资96.4亿元，占年度计划120亿元的80.3%。"
        "其中，续建项目完成投资47.7亿元；新开工项目完成投资48.7亿元。\n"
    )
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []  # was a false AC204 against the plan of 120
    assert report.stats["relations"] == {"ratio": 1, "sum": 1}
    assert codes_at(_validate_text(tmp_path, text.replace("48.7亿元", "47.8亿元"))) == [
        ("AC204", 1)
    ]


def test_a_list_of_what_was_done_does_not_add_up_to_a_plan(tmp_path):
    text = "（一）全市年度计划投资300亿元。各县区完成投资分别为：A区58.3亿元、B区47.1亿元、C县39.6亿元。\n"
    assert codes_at(_validate_text(tmp_path, text)) == []  # no total stated: abstain


def test_a_list_followed_by_its_total(tmp_path):
    text = "（二）排名前三的是A区（86件）、B区（71件）、C区（58件），三区合计215件。\n"
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []
    assert report.stats["relations"] == {"sum": 1}
    assert codes_at(_validate_text(tmp_path, text.replace("合计215件", "合计225件"))) == [
        ("AC204", 1)
    ]


def test_shares_of_a_listed_breakdown_are_of_the_total_it_adds_up_to(tmp_path):
    text = (
        "（一）全市共受理信访件356件，已办结329件，办结率92.4%。从类型看，"
        "大气类158件、噪声类97件、水类54件、固废类29件、其他18件，"
        "分别占44.4%、27.2%、15.2%、8.1%、5.1%。\n"
    )
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []
    assert report.stats["relations"]["ratio"] == 6
    # a changed count: the four other shares still give 356, so the fifth is an error, and
    # the shares add up to 100% so the counts must add up to 356 too
    changed = _validate_text(tmp_path, text.replace("其他18件", "其他8件"))
    assert sorted((f.code, f.stated) for f in changed.findings if f.severity.value == "error") == [
        ("AC101", "5.1"),
        ("AC204", "356"),
    ]
    [share] = [f for f in changed.findings if f.code == "AC101"]
    assert "4 of the 5 shares of this list give 356件" in share.message("en")


def test_a_qizhong_list_closed_by_qita_is_the_whole(tmp_path):
    text = "（一）立案查处涉河违法案件33起，其中非法采砂14起、非法捕捞9起、违法占用河道6起、其他4起。\n"
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []
    assert report.stats["relations"]["sum"] == 1
    assert codes_at(_validate_text(tmp_path, text.replace("33起", "31起"))) == [("AC204", 1)]
    open_list = text.replace("、其他4起", "")  # not closed: maybe not every kind is named
    assert "sum" not in _validate_text(tmp_path, open_list).stats["relations"]


def test_rectified_is_part_of_what_was_found(tmp_path):
    text = "（一）排查餐饮场所燃气安全隐患6415处，已整改6638处。\n"
    assert codes_at(_validate_text(tmp_path, text)) == [("AC201", 1)]


def test_wancheng_before_a_percentage_is_a_rate_unless_it_is_a_target(tmp_path):
    done = "（三）新增养老床位860张，任务数1000张，完成86%。\n"
    assert _validate_text(tmp_path, done).stats["relations"] == {"ratio": 1}
    assert codes_at(_validate_text(tmp_path, done.replace("86%", "68%"))) == [("AC101", 1)]
    targets = "（四）全年计划造林1200亩，上半年计划完成60%，力争完成90%。\n"
    assert "ratio" not in _validate_text(tmp_path, targets).stats["relations"]


def test_a_conversion_of_a_part_is_not_the_whole_restated(tmp_path):
    text = "（一）整治面积1200公顷，其中耕地折合约3000亩。\n"
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []
    assert "same" not in report.stats["relations"]


def test_per_head_standards_and_slashed_ratios_are_no_bases_or_figures(tmp_path):
    text = (
        "一、主要指标\n每千人口床位数达到6.8张，孕产妇死亡率为8.5/10万。\n"
        "三、经费保障\n全年人均补助标准提高到89元，累计拨付资金3.65亿元，拨付率100%。\n"
    )
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []  # were a false AC403 (10万) and a false AC101 (3.65亿/89元)
    assert set(report.claims["raw"]) >= {"6.8张", "89元", "3.65亿元"}
    assert not {"千人", "10万"} & set(report.claims["raw"])


def test_threshold_classes_are_neither_figures_nor_a_partition(tmp_path):
    text = (
        "一、招商引资\n全区新签约项目56个，协议总投资328.5亿元。其中，亿元以上项目32个，"
        "协议投资295.6亿元；10亿元以上项目9个，协议投资186.2亿元。实际利用外资1.26亿美元。\n"
    )
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []  # were two false AC204 and a false AC403
    assert "10亿元" not in set(report.claims["raw"])


def test_a_mean_is_no_whole_and_passed_is_a_share_of_inspected(tmp_path):
    text = (
        "（二）全年共投入建设资金12.8亿元，亩均投入4000元，其中中央和省级资金8.6亿元。\n"
        "（三）已组织验收项目156个，验收合格152个，合格率97.4%。\n"
    )
    report = _validate_text(tmp_path, text)
    assert codes_at(report) == []  # was a false AC201: 8.6亿元 within 4000元
    assert report.stats["relations"]["ratio"] == 1
    assert codes_at(_validate_text(tmp_path, text.replace("97.4%", "94.7%"))) == [("AC101", 2)]
