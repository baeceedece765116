"""The array helpers give pandas' results with and without pandas imported.

A report's check runs on numpy alone (pandas is not imported); a table's uses pandas'
hash tables. Both paths must agree with pandas itself: ``factorize`` (first-appearance
codes, -1 for NA), ``factorize_sorted``, ``isna`` and the per-group reductions of
:class:`~aircheck.arrays.Groups` against ``groupby(sort=True)``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aircheck import arrays
from aircheck.arrays import Groups, factorize, factorize_sorted, isna

KEYS = st.text(alphabet="ab甲乙\U0001f600 ", max_size=3)
#: the fixture only chooses the path, the same for every generated input
SHARED = [HealthCheck.function_scoped_fixture]
VALUES = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64), st.integers(-5, 5))


@pytest.fixture(params=["pandas", "numpy"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test once with pandas' helpers and once with numpy alone."""
    if request.param == "numpy":
        monkeypatch.setattr(arrays, "_pandas", lambda: None)
    return str(request.param)


@settings(max_examples=60, deadline=None, suppress_health_check=SHARED)
@given(values=st.lists(st.one_of(KEYS, st.none(), st.just(math.nan)), max_size=30))
def test_factorize_is_pandas_factorize(path: str, values: list[object]) -> None:
    array = np.array(values, dtype=object)
    codes, uniques = factorize(array)
    expected_codes, expected_uniques = pd.factorize(array)
    assert codes.tolist() == expected_codes.tolist()
    assert uniques.tolist() == list(expected_uniques)
    assert isna(array).tolist() == pd.isna(array).tolist()


@settings(max_examples=60, deadline=None, suppress_health_check=SHARED)
@given(values=st.lists(KEYS, max_size=30))
def test_factorize_sorted_is_pandas_sorted_factorize(path: str, values: list[str]) -> None:
    array = np.array(values, dtype=object)
    codes, uniques = factorize_sorted(array)
    expected_codes, expected_uniques = pd.factorize(array, sort=True)
    assert codes.tolist() == expected_codes.tolist()
    assert uniques.tolist() == list(expected_uniques)


@settings(max_examples=80, deadline=None, suppress_health_check=SHARED)
@given(rows=st.lists(st.tuples(KEYS, VALUES, st.booleans(), st.sampled_from("xyz")), max_size=25))
def test_groups_reduce_as_a_sorted_groupby(
    path: str, rows: list[tuple[str, float, bool, str]]
) -> None:
    frame = pd.DataFrame(rows, columns=["key", "value", "flag", "label"])
    frame["value"] = frame["value"].astype("float64")
    groups = Groups.by(frame["key"].to_numpy(dtype=object))
    grouped = frame.groupby("key", sort=True)
    assert groups.keys.tolist() == list(grouped.groups)
    for group, key in enumerate(groups.keys.tolist()):  # members in their original order
        assert groups.members(group).tolist() == grouped.indices[key].tolist()
    if not rows:
        return
    assert groups.sizes().tolist() == grouped.size().tolist()
    value = frame["value"].to_numpy()
    # sums: pandas compensates rounding, numpy adds in order; they agree to a few ulps of
    # the largest term (the rules screen with a relative guard of 1e-9, then decide exactly)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the helper is quiet beyond float range
        total = groups.sum(value)
    with np.errstate(over="ignore", invalid="ignore"):  # pandas is not
        expected = grouped["value"].sum().to_numpy()
    finite = np.isfinite(expected)
    np.testing.assert_array_equal(total[~finite], expected[~finite])
    with np.errstate(over="ignore"):  # the terms' sizes may add up beyond float range
        size = grouped["value"].apply(lambda v: v.abs().fillna(0).sum()).to_numpy()[finite]
    assert (np.abs(total[finite] - expected[finite]) <= 1e-12 * size + 1e-300).all()
    np.testing.assert_array_equal(groups.max(value), grouped["value"].max())
    np.testing.assert_array_equal(groups.min(value), grouped["value"].min())
    assert groups.any(frame["flag"].to_numpy()).tolist() == grouped["flag"].any().tolist()
    assert groups.count(frame["flag"].to_numpy()).tolist() == grouped["flag"].sum().tolist()
    labels = frame["label"].to_numpy(dtype=object)
    assert groups.nunique(labels).tolist() == grouped["label"].nunique().tolist()
