"""The values a figure allows: its qualifier read as an interval, with its bounds rounded.

Defined once here, below every layer that needs it: the corpus checks (figures of one statement
must overlap), the index's figure rows (`low`, `high`), `compare`'s verdicts and the exports'
`figures` table all read `interval`.

    exact n      [n, n]
    reached n    [n, n]                     (the count had reached n at its as-of date)
    about n      [n - 10%, n + 10%]          (ABOUT_TOLERANCE)
    at_least n   [n, inf)
    more_than n  (n, inf)
    up_to n      [0, n]
    projected n  [0, inf)                   (a forecast, "could reach n": never a floor or a ceiling)
    dozens       [10, 99]                   (DOZENS; ACLED would code 12 when forced to one number)
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

ABOUT_TOLERANCE = 0.10
DOZENS = (10.0, 99.0)


class Interval(NamedTuple):
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: float) -> bool:
        above_low = self.low < value or (self.low == value and not self.low_open)
        below_high = value < self.high or (value == self.high and not self.high_open)
        return above_low and below_high

    def overlaps(self, other: Interval) -> bool:
        low, high = max(self.low, other.low), min(self.high, other.high)
        if low != high:
            return low < high
        # They touch at one point: they overlap only if both include it.
        return self.contains(low) and other.contains(low)

    def above(self, other: Interval) -> bool:
        """Every value of self is higher than every value of other."""
        return self.low > other.high or (self.low == other.high and (self.low_open or other.high_open))


def _rounded(value: float) -> float:
    # 5800 * 1.1 is 6380.000000000001: a bound is what the qualifier means, not float noise.
    return value if math.isinf(value) else round(value, 6)


@lru_cache(maxsize=4096)  # figures repeat their values; compare asks for each twice
def interval(count: int | None, qualifier: str) -> Interval:
    """The values a figure of `count` with `qualifier` allows, its bounds rounded."""
    if qualifier == "dozens" or count is None:
        return Interval(*DOZENS)
    n = float(count)
    about = (_rounded(n * (1 - ABOUT_TOLERANCE)), _rounded(n * (1 + ABOUT_TOLERANCE)), False, False)
    table: dict[str, tuple[float, float, bool, bool]] = {
        "about": about,
        "at_least": (n, math.inf, False, False),
        "more_than": (n, math.inf, True, False),
        "up_to": (0.0, n, False, False),
        "projected": (0.0, math.inf, False, False),
    }
    return Interval(*table.get(qualifier, (n, n, False, False)))


def _number(value: float) -> int | float:
    """5220.0 -> 5220: a whole bound is written as an integer (in JSON, CSV and SQL alike)."""
    return int(value) if value.is_integer() else value


def bounds(count: int | None, qualifier: str) -> tuple[int | float, int | float | None]:
    """The interval as a table writes it: (low, high), high None when open-ended."""
    iv = interval(count, qualifier)
    return _number(iv.low), None if math.isinf(iv.high) else _number(iv.high)
