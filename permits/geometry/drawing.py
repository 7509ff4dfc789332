"""The result drawing: a small site plan as standalone SVG (for pages and PDFs).

North is up (grid north of EPSG:25832); failing parts are red; labels are German.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from permits.geometry.plan import PlanContext
from permits.geometry.results import GeometryReport
from permits.geometry.site import SiteInput

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, Arial, sans-serif"
RED = "#dc2626"
STYLES = {
    "envelope": {
        "fill": "#bfdbfe",
        "fill-opacity": "0.6",
        "stroke": "#2563eb",
        "stroke-width": "1.5",
        "stroke-dasharray": "6 3",
    },
    "plot": {"fill": "#f5f5f4", "stroke": "#111827", "stroke-width": "2"},
    "plot_outline": {"fill": "none", "stroke": "#111827", "stroke-width": "2"},
    "setback": {"fill": "#fde68a", "fill-opacity": "0.6", "stroke": "#d97706", "stroke-width": "0.8"},
    "ancillary": {"fill": "#d6d3d1", "stroke": "#57534e", "stroke-width": "1"},
    "footprint": {"fill": "#9ca3af", "stroke": "#111827", "stroke-width": "1.5"},
    "constraint": {"fill": "#14b8a6", "fill-opacity": "0.25", "stroke": "#0d9488", "stroke-width": "1"},
    "building_line": {"fill": "none", "stroke": "#7c3aed", "stroke-width": "2.5"},
    "failure": {"fill": RED, "fill-opacity": "0.55", "stroke": RED, "stroke-width": "2"},
}
LEGEND = (
    ("plot", "Grundstück"),
    ("footprint", "Gebäude (geplant)"),
    ("ancillary", "Garagen, Zufahrten, Nebenanlagen"),
    ("setback", "Abstandsflächen"),
    ("envelope", "Überbaubare Grundstücksfläche (Baugrenze)"),
    ("building_line", "Baulinie"),
    ("constraint", "Schutzgebiet / Beschränkung"),
    ("failure", "Verstoß"),
)
_NICE_LENGTHS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)


@dataclass(frozen=True)
class _Frame:
    """Maps EPSG:25832 metres to SVG pixels (y axis flipped)."""

    minx: float
    maxy: float
    scale: float  # px per metre
    margin: float

    def point(self, x: float, y: float) -> str:
        px = (x - self.minx) * self.scale + self.margin
        py = (self.maxy - y) * self.scale + self.margin
        return f"{px:.1f},{py:.1f}"


def draw_site_plan(
    site: SiteInput, report: GeometryReport, plan: PlanContext | None = None, width: int = 800
) -> str:
    """The site plan of one check as an SVG document (a string without XML declaration)."""
    setbacks = [s.polygon for s in report.setback_areas]
    # Bounds of all parts, not of their union: the union of thousands of setback areas takes seconds.
    minx, miny, maxx, maxy = shapely.total_bounds(
        [site.plot, *(f.polygon for f in site.footprints), *setbacks]
    )
    pad = max(maxx - minx, maxy - miny) * 0.05 + 1.0
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    margin = 20.0
    scale = (width - 2 * margin) / (maxx - minx)
    map_height = min((maxy - miny) * scale, 1.2 * width)
    scale = min(scale, map_height / (maxy - miny))
    frame = _Frame(minx, maxy, scale, margin)
    legend_top = map_height + 2 * margin
    height = legend_top + 30 + 20 * ((len(LEGEND) + 1) // 2) + 40

    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "version": "1.1",
            "width": str(width),
            "height": f"{height:.0f}",
            "viewBox": f"0 0 {width} {height:.0f}",
            "font-family": FONT,
        },
    )
    ET.SubElement(root, "title").text = "Lageplan mit Geometrieprüfung"
    ET.SubElement(
        root, "rect", {"x": "0", "y": "0", "width": str(width), "height": f"{height:.0f}", "fill": "white"}
    )
    view = shapely.box(minx, miny, maxx, maxy)
    # The plot is filled first and outlined again later, so the buildable area stays visible on it.
    _layer(root, "plot", frame, [site.plot])
    _layer(root, "envelope", frame, [e.intersection(view) for e in (plan.envelopes if plan else ())])
    _layer(root, "plot_outline", frame, [site.plot])
    _layer(
        root,
        "constraint",
        frame,
        [h.geometry.intersection(view) for h in report.constraint_hits if h.geometry],
    )
    _layer(root, "setback", frame, setbacks)
    _layer(root, "ancillary", frame, [a.area for a in site.ancillary])
    _layer(root, "footprint", frame, [f.polygon for f in site.footprints])
    _layer(
        root,
        "building_line",
        frame,
        [line.intersection(view) for line in (plan.building_lines if plan else ())],
    )
    failures = [part.geometry for c in report.checks if not c.passed for part in c.offending if part.geometry]
    _layer(root, "failure", frame, failures)
    _north_arrow(root, width - margin - 20, margin + 10)
    _scale_bar(root, margin, legend_top, scale)
    _legend(root, margin, legend_top + 30, width, report)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode")


def _layer(root: ET.Element, style: str, frame: _Frame, geometries: Iterable[BaseGeometry]) -> None:
    group = ET.SubElement(root, "g", {"class": style, **STYLES[style]})
    for geom in geometries:
        path = _path(geom, frame)
        if path:
            ET.SubElement(group, "path", {"d": path, "fill-rule": "evenodd"})


def _path(geom: BaseGeometry, frame: _Frame) -> str:
    parts: list[str] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            for ring in (part.exterior, *part.interiors):
                coords = list(ring.coords)[:-1]
                parts.append("M" + " L".join(frame.point(x, y) for x, y, *_ in coords) + " Z")
        elif isinstance(part, LineString | MultiLineString):
            for line in shapely.get_parts(part):
                parts.append("M" + " L".join(frame.point(x, y) for x, y, *_ in line.coords))
        elif isinstance(part, MultiPolygon):  # pragma: no cover - get_parts already splits these
            parts.append(_path(part, frame))
    return " ".join(parts)


def _north_arrow(root: ET.Element, x: float, y: float) -> None:
    group = ET.SubElement(root, "g", {"class": "north-arrow"})
    ET.SubElement(
        group,
        "path",
        {"d": f"M{x},{y} L{x + 8},{y + 26} L{x},{y + 20} L{x - 8},{y + 26} Z", "fill": "#111827"},
    )
    text = ET.SubElement(
        group, "text", {"x": f"{x}", "y": f"{y + 40}", "font-size": "13", "text-anchor": "middle"}
    )
    text.text = "N"


def scale_bar_length(scale: float, max_px: float = 160.0) -> int:
    """The longest round length in metres that fits into `max_px` at `scale` px per metre."""
    fitting = [n for n in _NICE_LENGTHS if n * scale <= max_px]
    return fitting[-1] if fitting else _NICE_LENGTHS[0]


def _scale_bar(root: ET.Element, x: float, y: float, scale: float) -> None:
    metres = scale_bar_length(scale)
    length = metres * scale
    group = ET.SubElement(root, "g", {"class": "scale-bar", "font-size": "11"})
    half = length / 2
    ET.SubElement(
        group,
        "rect",
        {"x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{half:.1f}", "height": "5", "fill": "#111827"},
    )
    ET.SubElement(
        group,
        "rect",
        {
            "x": f"{x + half:.1f}",
            "y": f"{y:.1f}",
            "width": f"{half:.1f}",
            "height": "5",
            "fill": "white",
            "stroke": "#111827",
        },
    )
    for offset, label in ((0.0, "0"), (length, f"{metres} m")):
        text = ET.SubElement(
            group, "text", {"x": f"{x + offset:.1f}", "y": f"{y + 18:.1f}", "text-anchor": "middle"}
        )
        text.text = label


def _legend(root: ET.Element, x: float, y: float, width: int, report: GeometryReport) -> None:
    group = ET.SubElement(root, "g", {"class": "legend", "font-size": "12"})
    column = (width - 2 * x) / 2
    for number, (style, label) in enumerate(LEGEND):
        cx, cy = x + column * (number % 2), y + 20 * (number // 2)
        attrs = dict(STYLES[style])
        if style == "building_line":
            ET.SubElement(group, "path", {"d": f"M{cx:.1f},{cy + 6:.1f} h18", **attrs})
        else:
            ET.SubElement(
                group, "rect", {"x": f"{cx:.1f}", "y": f"{cy:.1f}", "width": "18", "height": "12", **attrs}
            )
        ET.SubElement(group, "text", {"x": f"{cx + 26:.1f}", "y": f"{cy + 10:.1f}"}).text = label
    failed = [c.label for c in report.checks if not c.passed]
    summary = "Ergebnis: alle Prüfungen bestanden" if not failed else f"Nicht bestanden: {'; '.join(failed)}"
    status = ET.SubElement(
        group,
        "text",
        {
            "x": f"{x:.1f}",
            "y": f"{y + 20 * math.ceil(len(LEGEND) / 2) + 14:.1f}",
            "font-weight": "bold",
            "fill": RED if failed else "#166534",
        },
    )
    status.text = summary
    note = ET.SubElement(
        group,
        "text",
        {
            "x": f"{width - x:.1f}",
            "y": f"{y - 30 + 16:.1f}",
            "text-anchor": "end",
            "font-size": "10",
            "fill": "#57534e",
        },
    )
    note.text = (
        f"ETRS89 / UTM 32N (EPSG:25832), Maße in Metern; Abstandsflächenregel {report.setback_rule_id}"
    )
