"""The unit table: exact factors, counting words as their own dimensions."""

from __future__ import annotations

from fractions import Fraction

from aircheck.units import comparable, is_counter, lookup, split_magnitude


def test_hectare_is_fifteen_mu():
    assert lookup("公顷").factor / lookup("亩").factor == Fraction(15)
    assert Fraction("1161.14") * lookup("公顷").factor == Fraction("17417.1")


def test_counting_words_never_compare():
    assert not comparable("家", "个")
    assert comparable("台", "台")
    assert is_counter("家") and not is_counter("公顷")


def test_unknown_unit():
    assert lookup("公倾") is None
    assert not comparable("公倾", "公顷")


def test_magnitude_prefixes_split_off():
    assert split_magnitude("万千瓦") == (4, "千瓦")
    assert split_magnitude("亿元") == (8, "元")
    assert split_magnitude("公顷") == (0, "公顷")
    assert split_magnitude(" 万亩 ") == (4, "亩")
