"""Cross-section linking: the prefix-filtered search finds exactly what comparing all pairs finds."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from aircheck.text.linking import _comparable, _matches, _pairs, alike

BASES = [
    "新增造林面积",
    "造林面积完成",
    "新增森林抚育",
    "森林抚育面积",
    "历史遗留矿山修复治理",
    "矿山治理面积",
]
SUBJECT = st.builds(
    lambda before, base, after: before + base + after,
    st.text(alphabet="全市新建光伏", max_size=2),
    st.sampled_from([*BASES, "", "企业"]),
    st.text(alphabet="面积治理累计亩", max_size=3),
)
SECTION = st.sampled_from(["一（一）", "一（三）", "二（五）", "三", "标题"])


def brute_force(bucket, pairs_of, related) -> dict[str, list[str]]:
    """Every partner of every figure, comparing all pairs (the definition)."""
    out: dict[str, list[str]] = {}
    for a in bucket:
        for b in bucket:
            if a is b or not _comparable(a, b, related):
                continue
            if alike(a, b, pairs_of):
                out.setdefault(a.claim_id, []).append(b.claim_id)
    return out


@given(st.lists(st.tuples(SUBJECT, SECTION), max_size=30), st.sets(st.integers(0, 29)))
def test_prefix_filter_finds_every_unambiguous_partner(figures, related_numbers):
    bucket = [
        SimpleNamespace(claim_id=f"c{i}", subject=subject, section=section, headings="")
        for i, (subject, section) in enumerate(figures)
    ]
    related = {f"c{i}" for i in related_numbers}
    pairs_of = {f.claim_id: _pairs(f.subject) for f in bucket}
    fast = _matches(bucket, pairs_of, related)  # type: ignore[arg-type]
    full = brute_force(bucket, pairs_of, related)
    assert set(fast) == set(full)
    for claim_id, partners in full.items():
        assert len(fast[claim_id]) == min(len(partners), 2)
        assert set(fast[claim_id]) <= set(partners)
        if len(partners) == 1:
            assert fast[claim_id] == partners
