"""The closed set of units a 通报 uses, with exact conversion factors.

One table, one source of truth: each unit maps to a dimension and to an exact
:class:`~fractions.Fraction` of that dimension's base unit. 万 and 亿 are magnitudes
(see :mod:`aircheck.numbers`), so ``万亩`` is read as the magnitude 万 on 亩.
Counting words are each their own dimension: 15 家 never equals 15 个.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    dimension: str
    factor: Fraction  # how many base units one of this unit is


_MEASURES: dict[str, tuple[str, Fraction]] = {
    # area, base 亩 (1 公顷 = 15 亩; 1 亩 = 10000/15 平方米)
    "亩": ("area", Fraction(1)),
    "公顷": ("area", Fraction(15)),
    "平方米": ("area", Fraction(15, 10000)),
    "平方公里": ("area", Fraction(1500)),
    "㎡": ("area", Fraction(15, 10000)),
    # length, base 米
    "米": ("length", Fraction(1)),
    "公里": ("length", Fraction(1000)),
    "千米": ("length", Fraction(1000)),
    "延米": ("length", Fraction(1)),
    # power, base 千瓦
    "千瓦": ("power", Fraction(1)),
    "兆瓦": ("power", Fraction(1000)),
    # energy, base 千瓦时
    "千瓦时": ("energy", Fraction(1)),
    "度": ("energy", Fraction(1)),
    # mass, base 吨
    "吨": ("mass", Fraction(1)),
    "公斤": ("mass", Fraction(1, 1000)),
    "千克": ("mass", Fraction(1, 1000)),
    # volume, base 立方米
    "立方米": ("volume", Fraction(1)),
    "方": ("volume", Fraction(1)),
    "升": ("volume", Fraction(1, 1000)),
    # energy as coal equivalent, base 吨标准煤
    "吨标准煤": ("coal_equivalent", Fraction(1)),
    "吨标煤": ("coal_equivalent", Fraction(1)),
    # data, base GB (the binary factors a storage report means)
    "GB": ("data", Fraction(1)),
    "TB": ("data", Fraction(1024)),
    "PB": ("data", Fraction(1024 * 1024)),
    # money, base 元
    "元": ("money", Fraction(1)),
    "美元": ("money:USD", Fraction(1)),
    "欧元": ("money:EUR", Fraction(1)),
    "港元": ("money:HKD", Fraction(1)),
    # percentage points and percent
    "%": ("percent", Fraction(1)),
    "个百分点": ("percent_point", Fraction(1)),
    "百分点": ("percent_point", Fraction(1)),
}

#: Counting words: each is its own dimension.
COUNTERS: tuple[str, ...] = (
    "个次",
    "站次",
    "批次",
    "人次",
    "个",
    "家",
    "台",
    "辆",
    "户",
    "项",
    "座",
    "条",
    "起",
    "张",
    "套",
    "次",
    "天",
    "处",
    "件",
    "名",
    "人",
    "所",
    "批",
    "宗",
    "栋",
    "间",
    "口",
    "只",
    "根",
    "块",
    "份",
    "类",
    "辆次",
    "场",
    "尾",
    "头",
    "株",
    "棵",
    "亩次",
    # measure words of things counted (a unit of its own: 12.5万册 is no bare magnitude)
    "册",
    "本",
    "篇",
    "部",
    "幅",
    "箱",
    "袋",
    "瓶",
    "匹",
    "羽",
    "盏",
    "架",
    "艘",
    "门",
    "床",
    "吨次",
)

UNITS: dict[str, Unit] = {
    name: Unit(name, dim, factor) for name, (dim, factor) in _MEASURES.items()
}
UNITS.update({name: Unit(name, f"count:{name}", Fraction(1)) for name in COUNTERS})

#: Longest names first, for scanning text.
UNIT_NAMES: tuple[str, ...] = tuple(sorted(UNITS, key=len, reverse=True))


def lookup(name: str) -> Unit | None:
    """The unit called *name* (surrounding spaces ignored), or None when unknown."""
    return UNITS.get(name.strip())


def comparable(a: str, b: str) -> bool:
    """True when two known units measure the same dimension."""
    ua, ub = lookup(a), lookup(b)
    return ua is not None and ub is not None and ua.dimension == ub.dimension


def is_counter(name: str) -> bool:
    unit = lookup(name)
    return unit is not None and unit.dimension.startswith("count:")


#: Magnitude words and their powers of ten, longest first (万亿 before 万).
MAGNITUDES: dict[str, int] = {"万亿": 12, "亿": 8, "万": 4}
#: The word for a power of ten: 4 → 万.
MAGNITUDE_WORDS: dict[int, str] = {power: word for word, power in MAGNITUDES.items()}


def split_magnitude(name: str) -> tuple[int, str]:
    """``万千瓦`` → (4, ``千瓦``); ``亿元`` → (8, ``元``); ``公顷`` → (0, ``公顷``)."""
    name = name.strip()
    for word, power in MAGNITUDES.items():
        if name.startswith(word) and name not in UNITS:
            return power, name[len(word) :]
    return 0, name
