"""Throughput of the plot geometry checks (prints figures; no assertions).

Run: .venv/bin/python bench/geometry.py
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
from shapely.geometry import Polygon, box

from permits.geometry import check_plot, draw_site_plan, parse_submission, site_context
from permits.geometry.index import LayerIndex

E0, N0 = 550_000.0, 5_800_000.0
ON = date(2025, 3, 1)


def circle(cx: float, cy: float, radius: float, vertices: int) -> list[list[float]]:
    angles = np.linspace(0, 2 * math.pi, vertices, endpoint=False)
    ring = [[cx + radius * math.cos(a), cy + radius * math.sin(a)] for a in angles]
    return [*ring, ring[0]]


def square(x: float, y: float, w: float, h: float) -> list[list[float]]:
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]


def fc(*rings: list[list[float]], **props: Any) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [r]}}
            for r in rings
        ],
    }


def plan_index(features: list[tuple[Any, dict[str, Any]]], layer_id: int = 1) -> LayerIndex:
    meta = {
        "id": layer_id,
        "name": f"Plan {layer_id}",
        "kind": "development_plan",
        "revision": 1,
        "checksum": "-",
    }
    return LayerIndex.build(meta, [g for g, _ in features], [p for _, p in features])


def typical() -> tuple[dict[str, Any], list[LayerIndex]]:
    sub = {
        "zone_type": "WA",
        "plot": fc(square(E0, N0, 30, 22.8)),
        "footprints": fc(square(E0 + 6, N0 + 6, 12, 10), height=8.5, floors=2),
        "ancillary": fc(square(E0 + 20, N0 + 2, 6, 3), kind="garage"),
    }
    features = [
        (box(E0 - 500, N0 - 500, E0 + 500, N0 + 500), {"featureType": "BP_Plan"}),
        (box(E0 + 4, N0 + 4, E0 + 26, N0 + 20), {"featureType": "BP_UeberbaubareGrundstuecksFlaeche"}),
        (box(E0 - 200, N0 - 10, E0 + 200, N0), {"featureType": "BP_StrassenVerkehrsFlaeche"}),
    ]
    features += [
        (
            box(E0 + 40 * i, N0 + 100, E0 + 40 * i + 20, N0 + 115),
            {"featureType": "BP_UeberbaubareGrundstuecksFlaeche"},
        )
        for i in range(-10, 10)
    ]
    return sub, [plan_index(features)]


def large() -> tuple[dict[str, Any], list[LayerIndex]]:
    cx, cy = E0 + 2_000, N0 + 2_000
    sub = {
        "zone_type": "WA",
        "plot": fc(circle(cx, cy, 40, 500)),
        "footprints": fc(circle(cx, cy, 10, 500), height=9.0, floors=3),
    }
    rng = np.random.default_rng(1)
    features: list[tuple[Any, dict[str, Any]]] = [
        (Polygon(circle(cx, cy, 30, 500)), {"featureType": "BP_UeberbaubareGrundstuecksFlaeche"}),
        (box(cx - 300, cy - 300, cx + 300, cy + 300), {"featureType": "BP_Plan"}),
    ]
    # 10,000 plan features spread over 4 × 4 km, a few of them near the plot.
    for x, y in rng.uniform(0, 4_000, size=(9_998, 2)):
        features.append(
            (Polygon(circle(E0 + x, N0 + y, 8, 20)), {"featureType": "BP_UeberbaubareGrundstuecksFlaeche"})
        )
    return sub, [plan_index(features)]


def median_ms(fn: Callable[[], object], runs: int, repeat: int = 7) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(runs):
            fn()
        timings.append((time.perf_counter() - start) / runs * 1000)
    return statistics.median(timings)


def report(title: str, sub: dict[str, Any], indexes: list[LayerIndex], runs: int) -> None:
    site = parse_submission(sub)
    plan, constraints = site_context(indexes, site)

    def full() -> object:
        s = parse_submission(sub)
        p, c = site_context(indexes, s)
        return check_plot(s, ON, plan=p, constraints=c)

    result = check_plot(site, ON, plan=plan, constraints=constraints)
    full_ms = median_ms(full, runs)
    print(f"{title}")
    print(
        f"  full check (parse + layer query + all checks): {full_ms:7.3f} ms median = "
        f"{1000 / full_ms:8.0f} checks/s"
    )
    print(
        f"  checks only (parsed input, plan context given): "
        f"{median_ms(lambda: check_plot(site, ON, plan=plan, constraints=constraints), runs):7.3f} ms"
    )
    print(
        "  parse + validate input:                        "
        f"{median_ms(lambda: parse_submission(sub), runs):7.3f} ms"
    )
    print(
        f"  layer query (STRtree) + plan context:          "
        f"{median_ms(lambda: site_context(indexes, site), runs):7.3f} ms"
    )
    print(f"  report.to_dict():                              {median_ms(result.to_dict, runs):7.3f} ms")
    print(
        f"  SVG drawing:                                   "
        f"{median_ms(lambda: draw_site_plan(site, result, plan), max(1, runs // 4)):7.3f} ms"
    )
    print(f"  passed={result.passed} checks={len(result.checks)}")


def main() -> None:
    sub, indexes = typical()
    report(
        "Typical plot (rectangular plot, 12 x 10 m house, garage; plan layer of 23 features)",
        sub,
        indexes,
        200,
    )
    start = time.perf_counter()
    sub, indexes = large()
    built = time.perf_counter() - start
    report(
        f"500-vertex plot and footprint against 10,000 plan features (index built once in {built:.1f} s)",
        sub,
        indexes,
        30,
    )


if __name__ == "__main__":
    main()
