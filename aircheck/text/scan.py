"""Find the stated figures in folded text, and only those.

A figure is a number with what makes it a quantity: a unit or counting word, 万/亿,
``%`` or 百分点. Years, dates and months, names with digits (PM2.5, 国四, 二七区,
七三七处), slogans in quotes (“八个百分之百”, “1+N”), ordinals (第二十四批) and
numbers in 《》 titles are not claims: checking them would only raise false alarms.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from ..numbers import LOWER_BOUND_QUALIFIERS, shift
from ..units import COUNTERS, MAGNITUDES, UNIT_NAMES, lookup

#: 1,293.17 or 1293.17; the common first digit written once lets the engine skip to digits
_ARABIC = re.compile(r"\d(?:\d{0,2}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d*(?:\.\d+)?)")
_NUMERAL = "[零一二两三四五六七八九十百千万亿]"  # a character of a Chinese numeral
_CHINESE = re.compile(_NUMERAL + "+")
_RANGE = re.compile(r"[-—–~～至到]")
#: Words after a number that make it a time, an age or a name, not a quantity.
NOT_QUANTITY_AFTER = (
    "年", "月", "日", "号", "时", "岁", "周岁", "季度", "点", "分", "秒", "届", "期",
    "版", "级", "代", "类", "号线", "方面", "倍",
)  # fmt: skip
#: After a figure and its unit, these make it a class boundary: 10亿元以上项目, 5万元以下.
THRESHOLD_AFTER = ("以上", "以下", "及以上", "及以下", "至", "到")
PREFIXES = ("累计", "大约", "约", "近", "逾", "超")
_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNIT_WORDS = (*tuple(u for u in UNIT_NAMES if u not in ("度",)), "百分点")
_OPEN_CLOSE = {"《": "》", "“": "”", "「": "」"}
_OPEN = re.compile("[《“「]")


def first_of(words: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """The first of *words*, in their order, that the text has at a position: an
    alternation tries its branches in order, as a loop over ``startswith`` would."""
    return re.compile("|".join(re.escape(w) for w in words))


_UNIT_AT = first_of(_UNIT_WORDS)
_NOT_QUANTITY_AT = first_of(NOT_QUANTITY_AFTER)
_MAGNITUDE_AT = first_of(list(MAGNITUDES))
_COUNTER_AT = first_of(COUNTERS)


class _Fields(NamedTuple):
    start: int  # index of the first digit (after any prefix qualifier)
    end: int  # index after the unit / % / trailing qualifier
    number_end: int  # index after the digits
    digits: str  # the mantissa as written, separators removed (``1293.17``)
    magnitude: int
    unit: str  # base unit without 万/亿, ``%`` for a percentage
    qualifier: str
    chinese: bool
    lead: int  # index of a prefix qualifier (约, 累计…) when there is one, else -1
    decimals: int  # set from digits: the relation readers ask some 20 times per figure
    percent: bool  # set from unit
    dimension: str  # set from unit: the resolver compares it for every candidate pair


#: The fields a figure is made of; the others follow from them.
_GIVEN = _Fields._fields[:9]


class Figure(_Fields):
    """One figure found in folded text: its span and what it says.

    A tuple (made, hashed and compared in C: the resolver's caches are keyed by figures,
    and a report has tens of thousands); *decimals*, *percent* and *dimension* follow
    from the digits and the unit, so they never make two figures differ."""

    __slots__ = ()

    def __new__(
        cls,
        start: int,
        end: int,
        number_end: int,
        digits: str,
        magnitude: int,
        unit: str,
        qualifier: str,
        chinese: bool = False,
        lead: int = -1,
    ) -> Figure:
        decimals = len(digits.partition(".")[2])
        fields = (start, end, number_end, digits, magnitude, unit, qualifier, chinese, lead)
        return tuple.__new__(cls, (*fields, decimals, unit == "%", unit_dimension(unit)))

    def __getnewargs__(self) -> tuple[int, int, int, str, int, str, str, bool, int]:
        """What pickle and copy pass to ``__new__``: the fields given, not those derived."""
        return (
            self.start, self.end, self.number_end, self.digits, self.magnitude,
            self.unit, self.qualifier, self.chinese, self.lead,
        )  # fmt: skip

    def _replace(self, **changes: Any) -> Figure:
        """A copy with *changes*, made by the constructor so that the derived fields follow."""
        fields = dict(zip(_GIVEN, self.__getnewargs__(), strict=True))
        return Figure(**{**fields, **changes})

    def with_unit(self, unit: str) -> Figure:
        """The same figure in *unit* (a bare 17.8亿 read as 元 beside 5.62亿元)."""
        return self._replace(unit=unit)

    @property
    def first(self) -> int:
        """Where the figure as written begins: its prefix qualifier, else its digits."""
        return self.lead if self.lead >= 0 else self.start

    @property
    def value(self) -> Decimal:
        return shift(Decimal(self.digits), self.magnitude)

    @property
    def lower_bound(self) -> bool:
        return self.qualifier in LOWER_BOUND_QUALIFIERS


@lru_cache(maxsize=1024)
def unit_dimension(name: str) -> str:
    """The dimension of a unit (万元 and 亿元 alike: money); an unknown name is its own."""
    unit = lookup(name)
    return unit.dimension if unit else f"?{name}"


@lru_cache(maxsize=4096)
def chinese_value(text: str) -> int | None:
    """Value of a Chinese numeral in its canonical form, else None.

    Composes as written: 十五, 二百零三, 三万四千五百六十七, 一亿零五百万, 一万二千亿
    (the 亿 counted in 万). Strings of digit characters such as 七三七 are names, not
    numbers; 万 or 亿 alone is no number.
    """
    if not any(ch in "一二两三四五六七八九十" for ch in text):
        return None
    total = 0
    rest = text
    for word, power in (("亿", 10**8), ("万", 10**4)):
        if word in rest:
            head, _, rest = rest.partition(word)
            head = head.removeprefix("零") if total else head
            value = _below_hundred_million(head) if word == "亿" else _below_ten_thousand(head)
            if not value or word in rest:
                return None
            total += value * power
    value = _below_ten_thousand(rest.removeprefix("零")) if rest else 0
    return None if value is None else total + value


def _below_hundred_million(text: str) -> int | None:
    """The count of 亿 in 一万二千亿: 万 with its digits, then what is below it."""
    head, wan, rest = text.partition("万")
    if not wan:
        return _below_ten_thousand(text)
    if "万" in rest:
        return None
    high = _below_ten_thousand(head)
    low = _below_ten_thousand(rest.removeprefix("零")) if rest else 0
    return None if not high or low is None else high * 10**4 + low


_PLACES = {"十": 10, "百": 100, "千": 1000}


def _below_ten_thousand(text: str) -> int | None:
    """千百十 with their digits, 零 standing for a skipped place (二百零三 = 203)."""
    total, current = 0, None
    seen_units: list[int] = []
    zero = False
    for ch in text:
        if ch == "零":
            if current is not None or zero or not seen_units:
                return None
            zero = True
        elif ch in _DIGITS:
            if current is not None:
                return None
            current = _DIGITS[ch]
        else:
            unit = _PLACES.get(ch)
            if unit is None or (seen_units and unit >= seen_units[-1]):
                return None
            seen_units.append(unit)
            total += (1 if current is None else current) * unit
            current, zero = None, False
    if zero and current is None:
        return None
    if current is not None:
        total += current
    return total


def _masked(text: str) -> list[tuple[int, int]]:
    """The spans inside 《》, “” or 「」 (titles, slogans, names): from after the opening
    mark to the closing one, included, or to the end when it is never closed."""
    spans: list[tuple[int, int]] = []
    at = _OPEN.search(text)
    while at is not None:
        close = text.find(_OPEN_CLOSE[at.group()], at.end())
        end = len(text) if close < 0 else close + 1
        spans.append((at.end(), end))
        at = _OPEN.search(text, end)
    return spans


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    """*i* is in one of *spans* (in order, apart): the last one starting at or before it."""
    at = bisect_right(spans, i, key=itemgetter(0))
    return at > 0 and i < spans[at - 1][1]


def _unit_at(text: str, i: int) -> str:
    found = _UNIT_AT.match(text, i)
    return found.group() if found else ""


def _not_quantity(text: str, i: int) -> bool:
    return _NOT_QUANTITY_AT.match(text, i) is not None


#: What must follow a number for :func:`_read` to make it a figure: the first character
#: of a unit, ``%`` or 万/亿, after at most one 余/多. Numbers without it (years, dates,
#: list markers: two in five of all numbers) are dropped by one match each instead of a
#: call of ``_read``.
_QUANTITY_NEXT = re.compile(
    "[余多]?[" + re.escape("".join(sorted({w[0] for w in ("%", *MAGNITUDES, *_UNIT_WORDS)}))) + "]"
)
#: A whole run of Chinese numerals (as :data:`_CHINESE` finds it: not after another
#: numeral, taken whole) followed by a counting word, the only kind ``_read`` takes.
_CHINESE_COUNTED = re.compile(f"(?<!{_NUMERAL}){_NUMERAL}++(?={_COUNTER_AT.pattern})")


def scan(text: str) -> list[Figure]:
    """All figures in *text*, in order."""
    mask = _masked(text)
    found: list[Figure] = []
    quantity_next = _QUANTITY_NEXT.match
    tokens: list[tuple[int, int, str, bool]] = [
        (m.start(), m.end(), m.group().replace(",", ""), False)
        for m in _ARABIC.finditer(text)
        if quantity_next(text, m.end())
    ]
    counted = [(m.start(), m.end(), m.group(), True) for m in _CHINESE_COUNTED.finditer(text)]
    if counted:
        tokens += counted
        tokens.sort()
    skip_until = -1
    for start, end, digits, chinese in tokens:
        if start < skip_until or (mask and _inside(mask, start)):
            continue
        figure = _read(text, start, end, digits, chinese)
        if figure is None:
            continue
        # a range "1-5 月份", "2010—2011年", "7516-9岁": judged by what ends it
        rng = _RANGE.match(text, end)
        if rng and not figure.unit and rng.end() < len(text):
            nxt = _ARABIC.match(text, rng.end()) or (
                _CHINESE.match(text, rng.end()) if chinese else None
            )
            if nxt and (_not_quantity(text, nxt.end()) or not _unit_at(text, nxt.end())):
                skip_until = nxt.end()
                continue
        found.append(figure)
    return found


def _read(text: str, start: int, end: int, digits: str, chinese: bool) -> Figure | None:
    # one character either side, or a space at the ends ("" is in every string)
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return None  # PM2.5, VOCs2, 5G
    if before in "+＋/" or after in "+＋/" or before == "第" or before == ".":
        return None  # 1+N, 8.5/10万 (a ratio written with a slash), 第3批
    if chinese:
        value = chinese_value(digits)
        counter = _COUNTER_AT.match(text, end)
        unit = counter.group() if counter else ""
        if value is None or not unit or (value < 2 and "十" not in digits):
            return None
        if text.startswith("百分之", end + len(unit)) or before in "国第每":
            return None  # 八个百分之百, 国三, 第二, 每千人口
        qualifier = _prefix(text, start)
        return Figure(
            start,
            end + len(unit),
            end,
            str(value),
            0,
            unit,
            qualifier,
            True,
            start - len(qualifier),
        )
    if _not_quantity(text, end):
        return None
    i = end
    qualifier = ""
    if text.startswith(("余", "多"), i):
        qualifier, i = text[i], i + 1
    magnitude = 0
    magnitude_word = _MAGNITUDE_AT.match(text, i)
    word = magnitude_word.group() if magnitude_word else ""
    if word:
        magnitude, i = MAGNITUDES[word], i + len(word)
        if text.startswith(("余", "多"), i):
            qualifier, i = text[i], i + 1
    unit = ""
    if text.startswith("%", i):
        unit, i = "%", i + 1
    else:
        name = _unit_at(text, i)
        if name:
            unit, i = ("个百分点" if name == "百分点" else name), i + len(name)
            if _not_quantity(text, i) and name in ("个", "天") and text.startswith("月", i):
                return None  # 3 个月: a duration
    if not unit and not magnitude:
        return None
    if text.startswith(THRESHOLD_AFTER, i) and not unit.endswith("%"):
        return None  # 亿元以上项目32个: a threshold naming a class, not a quantity
    if text.startswith("左右", i):
        qualifier, i = "左右", i + 2
    prefix = _prefix(text, start)
    return Figure(
        start, i, end, digits, magnitude, unit, prefix or qualifier, False, start - len(prefix)
    )


#: The last characters of the prefixes: most figures follow none of them.
_PREFIX_ENDS = frozenset(word[-1] for word in PREFIXES)


def _prefix(text: str, start: int) -> str:
    if not start or text[start - 1] not in _PREFIX_ENDS:
        return ""
    for word in PREFIXES:
        if text.startswith(word, start - len(word)) and start >= len(word):
            return word
    return ""
