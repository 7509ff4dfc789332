"""One GeoJSON FeatureCollection with plot and buildings, made into the submission `parse_submission` reads.

Architects' CAD and GIS tools export one file; the API takes plot, footprints and ancillary areas as
separate members. Each feature says what it is in `properties.role` (plot, footprint, ancillary; German
names work too); a feature without a role is a building when it has a height or storeys, else the plot.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from permits.geometry.site import feature_properties

ROLES = {
    "plot": "plot",
    "grundstueck": "plot",
    "grundstück": "plot",
    "flurstueck": "plot",
    "flurstück": "plot",
    "footprint": "footprints",
    "building": "footprints",
    "gebaeude": "footprints",
    "gebäude": "footprints",
    "ancillary": "ancillary",
    "nebenanlage": "ancillary",
}


def as_submission(document: Any) -> Any:
    """The submission object for a role-tagged FeatureCollection; anything else unchanged."""
    if not isinstance(document, Mapping) or document.get("type") != "FeatureCollection":
        return document
    features = document.get("features")
    if not isinstance(features, list):
        return document
    sections: dict[str, list[Any]] = {"plot": [], "footprints": [], "ancillary": []}
    for feature in features:
        sections[_section(feature)].append(feature)
    submission: dict[str, Any] = {
        key: {"type": "FeatureCollection", "features": value} for key, value in sections.items() if value
    }
    for key in ("crs", "land", "zone_type"):
        if key in document:
            submission[key] = document[key]
    return submission


def _section(feature: Any) -> str:
    props = feature_properties(feature) if isinstance(feature, Mapping) else {}
    role = props.get("role")
    if isinstance(role, str) and role.strip().casefold() in ROLES:
        return ROLES[role.strip().casefold()]
    return "footprints" if "height" in props or "floors" in props else "plot"
