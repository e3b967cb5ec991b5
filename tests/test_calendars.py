from __future__ import annotations

import datetime as dt

import pytest

from warta.calendars import lunar_hijri, lunar_hijri_year, solar_hijri


@pytest.mark.parametrize(
    ("persian", "gregorian"),
    [
        ((1403, 1, 1), dt.date(2024, 3, 20)),
        ((1403, 3, 30), dt.date(2024, 6, 19)),
        ((1404, 1, 1), dt.date(2025, 3, 21)),
        ((1402, 10, 10), dt.date(2023, 12, 31)),
        ((1403, 7, 1), dt.date(2024, 9, 22)),  # the first 30-day month
        ((1357, 11, 22), dt.date(1979, 2, 11)),
        ((1399, 12, 30), dt.date(2021, 3, 20)),  # leap year
        ((1403, 12, 30), dt.date(2025, 3, 20)),  # leap year
        ((1, 1, 1), dt.date(622, 3, 22)),  # the epoch, proleptic Gregorian
    ],
)
def test_solar_hijri_known_pairs(persian: tuple[int, int, int], gregorian: dt.date) -> None:
    assert solar_hijri(*persian) == gregorian


@pytest.mark.parametrize(
    "persian", [(1402, 12, 30), (1403, 7, 31), (1403, 13, 1), (1403, 0, 1), (1403, 1, 0), (0, 1, 1)]
)
def test_solar_hijri_refuses_what_is_no_date(persian: tuple[int, int, int]) -> None:
    assert solar_hijri(*persian) is None


def test_solar_hijri_days_follow_each_other() -> None:
    days = [d for y in range(1300, 1500) for m in range(1, 13) for day in range(1, 32) if (d := solar_hijri(y, m, day))]
    assert all((b - a).days == 1 for a, b in zip(days, days[1:], strict=False))
    assert solar_hijri(1500, 1, 1) == days[-1] + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("hijri", "gregorian"),
    [
        ((1445, 11, 11), dt.date(2024, 5, 19)),  # Al Arabiya's stamp of the Raisi crash
        ((1445, 9, 1), dt.date(2024, 3, 11)),  # Ramadan 1445 by the Umm al-Qura calendar
        ((1445, 12, 10), dt.date(2024, 6, 16)),  # Eid al-Adha
        ((1446, 1, 1), dt.date(2024, 7, 7)),
    ],
)
def test_lunar_hijri_known_pairs(hijri: tuple[int, int, int], gregorian: dt.date) -> None:
    assert lunar_hijri(*hijri) == gregorian and type(lunar_hijri(*hijri)) is dt.date
    assert lunar_hijri_year(gregorian.year) - 1 <= hijri[0] <= lunar_hijri_year(gregorian.year) + 1


@pytest.mark.parametrize("hijri", [(1445, 11, 31), (1445, 13, 1), (1445, 0, 1), (1600, 1, 1), (1200, 1, 1)])
def test_lunar_hijri_refuses_what_is_no_date_or_out_of_its_years(hijri: tuple[int, int, int]) -> None:
    assert lunar_hijri(*hijri) is None
