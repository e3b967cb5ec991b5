"""Dates of other calendars as Gregorian dates.

The lunar Hijri calendar by ``hijridate``: the Umm al-Qura calendar of Saudi Arabia, which Gulf outlets date their
pages by ("الأحد 11 ذو القعدة 1445 هـ", Al Arabiya), for 1343-1500 AH (1924-2077).

The Solar Hijri (Persian) calendar by the arithmetic of the ``jalaali`` libraries (Borkowski's
break years, 1-3177 AP): it agrees with the astronomical calendar Iran uses for 1178-1633 AP
(1799-2254), which is more than news needs. Its years start at the March equinox; months 1-6
have 31 days, 7-11 have 30, and Esfand 29, or 30 in a leap year.
"""

from __future__ import annotations

import datetime as dt

from hijridate import Hijri

# The years (AP) at which the 33-year leap cycle shifts, from the jalaali algorithm.
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394,
           2456, 3178)  # fmt: skip


def _farvardin_first(year: int) -> dt.date:
    """The Gregorian date of 1 Farvardin of the Solar Hijri ``year`` (``_BREAKS[0] < year < _BREAKS[-1]``)."""
    leaps = -14  # leap years of the Solar Hijri calendar since 621
    start = _BREAKS[0]
    jump = 0
    for end in _BREAKS[1:]:
        jump = end - start
        if year < end:
            break
        leaps += jump // 33 * 8 + jump % 33 // 4
        start = end
    n = year - start
    leaps += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leaps += 1
    gregorian = year + 621
    gregorian_leaps = gregorian // 4 - (gregorian // 100 + 1) * 3 // 4 - 150
    return dt.date(gregorian, 3, 1) + dt.timedelta(days=19 + leaps - gregorian_leaps)


def solar_hijri(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a Solar Hijri date; None if it is no date of that calendar."""
    if not (1 <= year < _BREAKS[-1] - 1 and 1 <= month <= 12 and day >= 1):
        return None
    length = 31 if month <= 6 else 30
    if day > length:
        return None
    first = _farvardin_first(year)
    date = first + dt.timedelta(days=(month - 1) * 31 - max(0, month - 7) + day - 1)
    if month == 12 and date >= _farvardin_first(year + 1):
        return None  # 30 Esfand of a common year
    return date


def solar_hijri_year(gregorian_year: int) -> int:
    """The Solar Hijri year in which the Gregorian ``gregorian_year`` ends (it starts in March)."""
    return gregorian_year - 621


def lunar_hijri(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a lunar Hijri date of the Umm al-Qura calendar; None if it is no date of that
    calendar or lies outside the years hijridate knows (1343-1500 AH)."""
    try:
        date = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(date.year, date.month, date.day)


def lunar_hijri_year(gregorian_year: int) -> int:
    """The lunar Hijri year that holds most of the Gregorian ``gregorian_year`` (33 lunar years to 32 solar)."""
    return round((gregorian_year - 622) * 33 / 32)
