import xml.etree.ElementTree as ET
from datetime import date

import pytest
from lxml import etree
from shapely.geometry import LineString, box

from permits.geometry import PlanContext, check_plot, draw_site_plan, parse_submission
from permits.geometry.drawing import scale_bar_length
from tests.geometry.geometry_helpers import E0, N0, building, submission

NS = {"svg": "http://www.w3.org/2000/svg"}


def _draw(sub, plan=None):
    site = parse_submission(sub)
    report = check_plot(site, date(2025, 3, 1), plan=plan)
    return report, draw_site_plan(site, report, plan)


def test_drawing_is_valid_standalone_svg_with_german_legend():
    plan = PlanContext(
        name="Nr. 1",
        envelopes=(box(E0 + 2, N0 + 2, E0 + 28, N0 + 28),),
        building_lines=(LineString([(E0, N0 + 10), (E0 + 30, N0 + 10)]),),
        has_envelope=True,
    )
    _, svg = _draw(submission(buildings=[building(10, 10, 10, 10, height=6)]), plan)
    root = etree.fromstring(svg.encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for label in (
        "Grundstück",
        "Gebäude (geplant)",
        "Abstandsflächen",
        "Überbaubare Grundstücksfläche (Baugrenze)",
        "Baulinie",
        "Verstoß",
        "N",
        "0",
        "Ergebnis: alle Prüfungen bestanden",
    ):
        assert label in texts
    assert any(t and t.endswith(" m") for t in texts)  # scale bar label
    assert root.find(".//svg:g[@class='north-arrow']", NS) is not None
    assert len(root.findall(".//svg:g[@class='setback']/svg:path", NS)) == 4
    assert root.findall(".//svg:g[@class='failure']/svg:path", NS) == []


def test_failing_parts_are_drawn_in_red():
    report, svg = _draw(submission(buildings=[building(2, 10, 10, 10)]))  # 2 m from the boundary, needs 4 m
    root = ET.fromstring(svg)
    failure = root.find(".//svg:g[@class='failure']", NS)
    assert failure is not None and failure.get("fill") == "#dc2626"
    assert len(failure.findall("svg:path", NS)) == 1
    status = [
        t.text
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if t.text and "Nicht bestanden" in t.text
    ]
    assert status == ["Nicht bestanden: Abstandsflächen auf dem Grundstück"]
    assert not report.passed


@pytest.mark.parametrize(("scale", "metres"), [(20.0, 5), (5.0, 25), (1.0, 100), (100.0, 1), (0.01, 5000)])
def test_scale_bar_uses_round_lengths(scale, metres):
    assert scale_bar_length(scale) == metres
