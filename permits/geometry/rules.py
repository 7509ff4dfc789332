"""Rule tables: every legal number the geometry checks use, keyed by Land and validity date; size limits.

Values marked [verify] in the domain brief must be confirmed against the statute before relying on them.

Agency derivation lives in one table, AGENCY_RULES below (applied by `constraints.derive_agencies`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

AGENCY_TYPES = (
    "fire_protection_office",
    "monument_authority",
    "nature_conservation",
    "water_authority",
    "road_authority",
    "municipality",
)


@dataclass(frozen=True)
class SetbackRule:
    rule_id: str
    land: str  # two-letter Land code, "*" = fallback for every Land without its own rule
    valid_from: date
    valid_until: date | None  # inclusive; None = still in force
    factor: float
    factor_industrial: float  # GE/GI
    minimum_m: float
    legal_basis: str


SETBACK_RULES: tuple[SetbackRule, ...] = (
    SetbackRule("nbauo-2024", "NI", date(2024, 7, 1), None, 0.4, 0.2, 3.0, "§ 5 Abs. 2 NBauO"),
    SetbackRule(
        "nbauo-2012", "NI", date(1900, 1, 1), date(2024, 6, 30), 0.5, 0.25, 3.0, "§ 5 Abs. 2 NBauO a. F."
    ),
    SetbackRule("mbo", "*", date(1900, 1, 1), None, 0.4, 0.2, 3.0, "§ 6 Abs. 5 MBO"),
)

# Zone types whose setbacks use the lower factor.
INDUSTRIAL_ZONES = frozenset({"GE", "GI"})

# BauNVO § 17 orientation values (GRZ, GFZ); a development plan's own values take precedence.
ZONE_GUIDE_VALUES: dict[str, tuple[float, float]] = {
    "WS": (0.2, 0.4),
    "WR": (0.4, 1.2),
    "WA": (0.4, 1.2),
    "WB": (0.6, 1.6),
    "MD": (0.6, 1.2),
    "MDW": (0.6, 1.2),
    "MI": (0.6, 1.2),
    "MU": (0.8, 3.0),
    "MK": (1.0, 3.0),
    "GE": (0.8, 2.4),
    "GI": (0.8, 2.4),
    "SO": (0.8, 2.4),
}

# § 19 Abs. 4 BauNVO: ancillary areas may exceed the GRZ by this share, but not beyond the cap.
ANCILLARY_OVERRUN_SHARE = 0.5
ANCILLARY_OVERRUN_CAP = 0.8

# XBau "bundesland" codes and common spellings → two-letter Land codes.
LAND_ALIASES: dict[str, str] = {
    "01": "SH",
    "02": "HH",
    "03": "NI",
    "04": "HB",
    "05": "NW",
    "06": "HE",
    "07": "RP",
    "08": "BW",
    "09": "BY",
    "10": "SL",
    "11": "BE",
    "12": "BB",
    "13": "MV",
    "14": "SN",
    "15": "ST",
    "16": "TH",
    "NRW": "NW",
    "NDS": "NI",
}
LANDS = frozenset(LAND_ALIASES.values())


def normalise_land(value: str) -> str | None:
    """Two-letter Land code, or None when the value names no German Land."""
    key = value.strip().upper()
    code = LAND_ALIASES.get(key, key)
    return code if code in LANDS else None


def setback_rule(land: str, on: date) -> SetbackRule:
    """The rule in force in `land` on `on`; a Land's own rules win over the MBO fallback."""
    for wanted in (land, "*"):
        for rule in SETBACK_RULES:
            if (
                rule.land == wanted
                and rule.valid_from <= on
                and (rule.valid_until is None or on <= rule.valid_until)
            ):
                return rule
    raise LookupError(f"no setback rule for {land} on {on.isoformat()}")


def setback_depth(height_m: float, rule: SetbackRule, zone_type: str | None) -> float:
    factor = rule.factor_industrial if zone_type in INDUSTRIAL_ZONES else rule.factor
    return max(factor * height_m, rule.minimum_m)


@dataclass(frozen=True)
class AgencyRule:
    rule_id: str
    agency_type: str
    trigger: str  # German; shown as the reason in reports
    legal_basis: str


# Which agency must be asked, and why. Constraint rules fire when a layer of that kind is hit,
# building rules from the submitted buildings, plan rules from the development plan situation.
AGENCY_RULES: dict[str, AgencyRule] = {
    r.rule_id: r
    for r in (
        AgencyRule(
            "constraint:monument",
            "monument_authority",
            "Grundstück berührt ein Baudenkmal oder dessen geschützte Umgebung",
            "§§ 8, 10 NDSchG",
        ),
        AgencyRule(
            "constraint:water_protection",
            "water_authority",
            "Bauwerke oder Nebenanlagen im Wasserschutzgebiet",
            "§ 52 WHG",
        ),
        AgencyRule(
            "constraint:flood_area",
            "water_authority",
            "Bauwerke oder Nebenanlagen im Überschwemmungsgebiet",
            "§ 78 WHG",
        ),
        AgencyRule(
            "constraint:nature_reserve",
            "nature_conservation",
            "Grundstück berührt ein Naturschutzgebiet",
            "§ 23 BNatSchG",
        ),
        AgencyRule(
            "constraint:landscape_protection",
            "nature_conservation",
            "Grundstück berührt ein Landschaftsschutzgebiet",
            "§ 26 BNatSchG",
        ),
        AgencyRule(
            "constraint:federal_road",
            "road_authority",
            "Bauwerke in der Anbauverbotszone einer Bundesstraße (20 m)",
            "§ 9 FStrG",
        ),
        AgencyRule(
            "constraint:state_road",
            "road_authority",
            "Bauwerke in der Anbauverbotszone einer Landesstraße (20 m)",
            "§ 24 NStrG",
        ),
        AgencyRule(
            "building:fire_height",
            "fire_protection_office",
            "Gebäude höher als 7 m (Gebäudeklasse 4 oder 5 möglich)",
            "§ 2 Abs. 3 NBauO",
        ),
        AgencyRule(
            "building:fire_class",
            "fire_protection_office",
            "Gebäudeklasse 4 oder 5 angegeben",
            "§ 2 Abs. 3 NBauO",
        ),
        AgencyRule(
            "plan:outside_plan",
            "municipality",
            "Kein Bebauungsplan: Zulässigkeit nach §§ 34, 35 BauGB, Einvernehmen der Gemeinde",
            "§ 36 BauGB",
        ),
        AgencyRule(
            "plan:dispensation",
            "municipality",
            "Befreiung vom Bebauungsplan nötig (Baugrenze oder Baulinie nicht eingehalten)",
            "§ 31 Abs. 2, § 36 BauGB",
        ),
    )
}


@dataclass(frozen=True)
class ConstraintKind:
    kind: str
    label: str  # German, shown in reports
    default_buffer_m: float  # distance zone around the features (e.g. Anbauverbotszone)
    # "plot": any contact with the plot matters (protected surroundings); "works": only where
    # buildings or ancillary areas are placed.
    applies_to: str

    @property
    def agency_rule(self) -> AgencyRule:
        return AGENCY_RULES[f"constraint:{self.kind}"]


CONSTRAINT_KINDS: dict[str, ConstraintKind] = {
    k.kind: k
    for k in (
        ConstraintKind("monument", "Denkmalschutz", 0.0, "plot"),
        ConstraintKind("water_protection", "Wasserschutzgebiet", 0.0, "works"),
        ConstraintKind("flood_area", "Überschwemmungsgebiet", 0.0, "works"),
        ConstraintKind("nature_reserve", "Naturschutzgebiet", 0.0, "plot"),
        ConstraintKind("landscape_protection", "Landschaftsschutzgebiet", 0.0, "plot"),
        ConstraintKind("federal_road", "Anbauverbotszone Bundesstraße", 20.0, "works"),
        ConstraintKind("state_road", "Anbauverbotszone Landesstraße", 20.0, "works"),
    )
}
DEVELOPMENT_PLAN = "development_plan"
LAYER_KINDS = (DEVELOPMENT_PLAN, *CONSTRAINT_KINDS)

# Building-derived agency triggers (rules building:fire_height and building:fire_class).
FIRE_HEIGHT_LIMIT_M = 7.0
FIRE_BUILDING_CLASSES = frozenset({4, 5})


# Size limits of one submission (plot, footprints and ancillary areas together), checked on the raw input
# before any geometry is built, so an oversized request is refused in microseconds. A cadastral parcel has
# tens of points, a house a few dozen walls, a round building drawn in 1° arcs 360. Building walls get a
# limit of their own: setback areas of different buildings are compared wall by wall, so the work grows
# with the square of their number (contrived star-shaped buildings at these limits: about 2 s of CPU,
# a realistic submission a few milliseconds).
MAX_FEATURES = 100
MAX_POLYGONS = 200  # each part of a MultiPolygon counts
MAX_RINGS_PER_POLYGON = 50  # outer ring plus holes
MAX_POINTS_PER_POLYGON = 2_000  # all rings of one polygon, closing points included
MAX_POINTS = 10_000  # all polygons together
MAX_BUILDING_POINTS = 1_000  # all building footprints together
# At most this many overlapping setback areas of each kind are listed in a report (the measured area
# counts all of them), so contrived input cannot bloat the stored result and drawing.
MAX_LISTED_OVERLAPS = 50


@dataclass(frozen=True)
class CheckSettings:
    """Tolerances; the defaults suit survey-grade site plans (coordinates to the centimetre)."""

    tolerance_m: float = 0.1  # plot, Baugrenze and Baulinie
    setback_tolerance_m: float = 0.01
    area_epsilon_m2: float = 1e-3  # overlaps below this are rounding noise


DEFAULT_SETTINGS = CheckSettings()
