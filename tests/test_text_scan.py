"""Properties of the figure scanner: figures found exactly, times and names never."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from aircheck.text.scan import chinese_value, scan, unit_dimension

UNITS = [
    "公里",
    "亩",
    "公顷",
    "家",
    "个",
    "台",
    "辆",
    "吨",
    "元",
    "千瓦",
    "平方米",
    "%",
    "件",
    "户",
]
BEFORE = ["计划新增造林面积", "目前已完成", "，已建成", "全市共检查", "其中重点件", "占计划的"]
AFTER = ["，完成率", "。", "；其中", "，目前正在推进", ""]


@st.composite
def figures(draw):  # type: ignore[no-untyped-def]
    whole = draw(st.integers(min_value=0, max_value=999_999))
    frac = draw(st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=3)))
    digits = str(whole) + ("." + frac if frac else "")
    unit = draw(st.sampled_from(UNITS))
    magnitude = draw(st.sampled_from(["", "万", "亿"])) if unit != "%" else ""
    prefix = draw(st.sampled_from(["", "约", "近", "累计"]))
    suffix = draw(st.sampled_from(["", "左右"]))
    return digits, magnitude, unit, prefix, suffix


@given(figures(), st.sampled_from(BEFORE), st.sampled_from(AFTER))
def test_a_figure_in_chinese_text_is_found_exactly(figure, before, after):
    digits, magnitude, unit, prefix, suffix = figure
    text = f"{before}{prefix}{digits}{magnitude}{unit}{suffix}{after}"
    found = scan(text)
    assert len(found) == 1, text
    fig = found[0]
    assert fig.digits == digits
    assert fig.decimals == len(digits.partition(".")[2])
    assert fig.magnitude == {"": 0, "万": 4, "亿": 8}[magnitude]
    assert fig.unit == unit
    assert fig.qualifier == (prefix or suffix)
    assert fig.value == Decimal(digits).scaleb(fig.magnitude)
    assert text[fig.start : fig.number_end] == digits


@given(
    st.integers(min_value=1949, max_value=2099),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=31),
    st.sampled_from(["年", "年度", "年底", "年以来"]),
    st.sampled_from(["月", "月份", "月底"]),
)
def test_years_months_and_dates_are_never_claims(year, month, day, year_word, month_word):
    texts = [
        f"截至{year}{year_word}，",
        f"{year}年{month}{month_word}，",
        f"{month}月{day}日，",
        f"1-{month}{month_word}全市",
        f"1—{month}月，",
        f"{year - 1}—{year}年全县",
        f"截至 {month} 月底，",
    ]
    for text in texts:
        assert scan(text) == [], text


@given(st.integers(min_value=2, max_value=99))
def test_chinese_numerals_round_trip(n):
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else digits[tens]) + "十" if tens else ""
    text += digits[ones] if ones else ""
    assert chinese_value(text) == n
    [fig] = scan(f"完成{text}家企业")
    assert fig.value == n and fig.unit == "家"


def _chinese(n: int) -> str:
    """n in canonical Chinese numerals (an independent writer for the round trip)."""
    digits = "零一二三四五六七八九"

    def below(m: int, first: bool) -> str:
        out, zero = "", False
        for unit, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, m = divmod(m, unit)
            if not d:
                zero = zero or bool(out)
                continue
            out += "零" if zero else ""
            zero = False
            out += "十" if (d == 1 and unit == 10 and not out and first) else digits[d] + word
        return out

    out = ""
    for power, word in ((10**8, "亿"), (10**4, "万"), (1, "")):
        section, n = divmod(n, power)
        if section:
            if out and section < 1000:
                out += "零"
            # 亿 counted in 万 beyond 9999亿: 一万二千亿
            out += (_chinese(section) if section >= 10**4 else below(section, not out)) + word
    return out


@given(st.integers(min_value=2, max_value=10**16 - 1))
@example(10**12)  # 一万亿: read as a name and raised a KeyError before
@example(12 * 10**11)
def test_chinese_numerals_compose_and_round_trip(n):
    text = _chinese(n)
    assert chinese_value(text) == n, text
    [fig] = scan(f"新增{text}户")
    assert fig.value == n and fig.unit == "户"


def test_units_are_an_open_set_of_measure_words():
    figures = scan("藏书12.5万册，存储3.1万GB，供水1.2万立方米，外电入郑101.76亿。")
    assert [(f.digits, f.unit) for f in figures] == [
        ("12.5", "册"), ("3.1", "GB"), ("1.2", "立方米"), ("101.76", "")
    ]  # fmt: skip


def test_names_and_slogans_are_not_figures():
    for text in ["PM2.5与臭氧", "国三及以下", "国四柴油", "二七区", "七三七处工程", "“1+N”培训",
                 "“一企一策”", "三率评估", "“八个百分之百”", "第二十四批", "《关于 2021 产业的通知》"]:  # fmt: skip
        assert scan(text) == [], text


ALPHABET = list(
    "计划完成已建成率占的其中，。；：、（）()|%％万亿公里家个台辆户件项年月日约余多左右"
    "等分别为分布均未全市开工竣工入住“”《》第一二三十百 \n0123456789.,-—"
)


@given(st.lists(st.sampled_from(ALPHABET), max_size=200).map("".join))
def test_any_text_extracts_and_checks_without_a_traceback(text):
    from aircheck.engine import check
    from aircheck.text import extract_lines
    from aircheck.text.loaders import SourceLine

    lines = [SourceLine(i, t) for i, t in enumerate(text.split("\n"), start=1)]
    claimset = extract_lines(lines, "fuzz.txt")
    check(claimset)
    claims = claimset.claims
    assert (claims["line"] >= 1).all() and (claims["column"] >= 1).all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("十五家企业完成整改", ("15", "家")), ("186个项目中，已开工172个", ("186", "个"))],
)
def test_a_figure_opening_the_text_is_read(text, expected):
    first = scan(text)[0]
    assert (first.digits, first.unit) == expected


def test_wan_yi_is_one_magnitude_and_fish_are_counted():
    figures = scan("总投资1.86万亿元，投放鱼苗共计186万尾")
    assert [(f.digits, f.magnitude, f.unit) for f in figures] == [
        ("1.86", 12, "元"),
        ("186", 4, "尾"),
    ]


#: What numbers meet in reports: units, 万/亿, 余/多, dates, list marks, names, slogans.
_PIECES = [
    *UNITS, "万", "亿", "万亿", "余", "多", "左右", "年", "月", "个月", "百分点", "个百分点",
    "以上", "至", "-", "、", ",", ".", "第", "约", "近", "PM", "“", "”", "《", "》", "是", "了",
    "三", "十五", "两", "二百零三", "一二", "千", "百", "1", "25", "3.5", "1,234", "12.3.4",
    "0", "９", "①",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=24).map("".join))
def test_numbers_dropped_before_reading_are_never_figures(text):
    """The scanner reads only numbers followed by a unit's first character (Arabic) or a
    counting word (Chinese); every other number must be one ``_read`` refuses anyway, and
    the Arabic pattern finds the same numbers as the two-branch one it replaced."""
    import re

    from aircheck.text import scan as module

    old_arabic = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?")
    spans = [(m.span(), m.group()) for m in module._ARABIC.finditer(text)]
    assert spans == [(m.span(), m.group()) for m in old_arabic.finditer(text)]
    for m in module._ARABIC.finditer(text):
        if not module._QUANTITY_NEXT.match(text, m.end()):
            digits = m.group().replace(",", "")
            assert module._read(text, m.start(), m.end(), digits, False) is None
    counted = {m.span() for m in module._CHINESE_COUNTED.finditer(text)}
    runs = {m.span(): m.group() for m in module._CHINESE.finditer(text)}
    assert counted <= set(runs)
    for (start, end), digits in runs.items():
        if (start, end) not in counted:
            assert module._read(text, start, end, digits, True) is None


@given(st.text(alphabet="零一二两三四五六七八九十百千万亿", max_size=12))
def test_any_run_of_chinese_numerals_reads_as_a_number_or_none(text):
    """万 inside the count of 亿 (一万亿) raised a KeyError and stopped the whole report."""
    value = chinese_value(text)
    assert value is None or value >= 0
    assert [f.value for f in scan(f"共{text}个")] in ([], [value])


def test_ten_thousand_hundred_millions_are_figures():
    [fig] = scan("全市共有一万亿个")
    assert fig.value == 10**12 and fig.unit == "个"


@given(st.sampled_from(UNITS), st.sampled_from(["12.5", "3", "0.25"]), st.sampled_from(["", "万"]))
def test_a_figure_survives_pickle_copy_and_replace(unit, digits, magnitude):
    """A figure is a tuple whose decimals, percent and dimension follow from its digits and
    unit: a copy (pickle for worker processes, copy, _replace) is made by its constructor."""
    import copy
    import pickle

    [fig] = scan(f"完成{digits}{magnitude}{unit}")
    assert pickle.loads(pickle.dumps(fig)) == fig
    assert copy.copy(fig) == fig and copy.deepcopy(fig) == fig
    other = "%" if unit != "%" else "个"
    changed = fig.with_unit(other)
    assert changed.unit == other and changed.percent == (other == "%")
    assert changed.dimension == unit_dimension(other) != fig.dimension == unit_dimension(unit)
    assert changed.decimals == fig.decimals and changed._replace(unit=unit) == fig
