"""The quality figures of warta, printed together: ``.venv/bin/python tests/quality.py``.

Each area has its own ``tests/eval_<area>.py`` with ``measure() -> dict[str, float]``; the gate in
``test_quality.py`` holds every figure to the floor pinned in ``quality_floors.json``. Floors may rise
(edit the file in the same commit as the improvement) but a figure may not silently fall.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "quality_floors.json"
AREAS = ("extraction", "dates", "themes", "events")


def measure_all() -> dict[str, dict[str, float]]:
    """Every area's figures, by area name."""
    sys.path.insert(0, str(HERE))
    return {area: importlib.import_module(f"eval_{area}").measure() for area in AREAS}


def floors() -> dict[str, dict[str, float]]:
    """The pinned floors (a figure may not fall below), by area and figure."""
    data: dict[str, dict[str, float]] = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    return data


def ceilings() -> dict[str, dict[str, float]]:
    """The pinned ceilings (counts of mistakes, which may not rise), by area and figure."""
    data: dict[str, dict[str, float]] = json.loads(FLOORS.read_text(encoding="utf-8"))["ceilings"]
    return data


def main() -> int:
    pinned, capped = floors(), ceilings()
    for area, figures in measure_all().items():
        print(f"\n{area}")
        for name, value in sorted(figures.items()):
            floor = pinned.get(area, {}).get(name)
            ceiling = capped.get(area, {}).get(name)
            mark = ""
            if floor is not None:
                mark = f"  (floor {floor:.3f})" + ("" if value >= floor else "  BELOW")
            elif ceiling is not None:
                mark = f"  (ceiling {ceiling:.3f})" + ("" if value <= ceiling else "  ABOVE")
            print(f"  {name:<40} {value:8.3f}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
