"""Relations the text states, found by evidence (design §4).

* :mod:`.rates` finds every stated rate, its part and its candidate wholes;
* :mod:`.evidence` scores a candidate by its words and by coincidence;
* :mod:`.resolve` decides: consistent, an error (the whole beyond doubt) or unchecked
  with the reason;
* :mod:`.parts` and :mod:`.lists` read parts of wholes, stages, funnels and the sums
  a text states explicitly (其中, 分别, 合计 after a list, a list closed by 其他);
  :mod:`.distribution` the distribution lists that partition a total (按地区分布为…).
"""

from .distribution import read_lists
from .found import Found, compatible
from .lists import (
    read_breakdown_blocks,
    read_breakdowns,
    read_closed_lists,
    read_complements,
    read_conversions,
    read_totals_after,
)
from .parts import read_counts, read_funnels, read_none, read_parts, read_stages
from .resolve import read_rates

__all__ = [
    "Found",
    "compatible",
    "read_breakdown_blocks",
    "read_breakdowns",
    "read_closed_lists",
    "read_complements",
    "read_conversions",
    "read_counts",
    "read_funnels",
    "read_lists",
    "read_none",
    "read_parts",
    "read_rates",
    "read_stages",
    "read_totals_after",
]
