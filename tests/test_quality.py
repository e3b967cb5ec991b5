"""The quality gate: every measured figure stays at or above its pinned floor."""

from __future__ import annotations

import pytest

from quality import AREAS, ceilings, floors, measure_all


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, float]]:
    return measure_all()


@pytest.mark.parametrize("area", AREAS)
def test_every_area_has_pinned_floors(area: str) -> None:
    assert floors().get(area), f"no floors pinned for {area} in quality_floors.json"


@pytest.mark.parametrize("area", AREAS)
def test_figures_do_not_fall_below_their_floors(area: str, figures: dict[str, dict[str, float]]) -> None:
    below = {name: (figures[area].get(name), floor) for name, floor in floors()[area].items()
             if figures[area].get(name) is None or figures[area][name] < floor}
    assert not below, f"{area}: figures below their floors (value, floor): {below}"


def test_mistake_counts_do_not_rise_above_their_ceilings(figures: dict[str, dict[str, float]]) -> None:
    above = {(area, name): (figures[area].get(name), cap) for area, caps in ceilings().items()
             for name, cap in caps.items() if figures[area].get(name) is None or figures[area][name] > cap}
    assert not above, f"figures above their ceilings (value, ceiling): {above}"
