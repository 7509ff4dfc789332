"""Rule tables: every legal number the geometry checks use, keyed by Land and validity date.

Values marked [verify] in the domain brief must be confirmed against the statute before relying on them.

Agency derivation (the only place these rules live; `constraints.derive_agencies` applies them):

| rule id               | trigger                                                        | agency_type            | basis                     |
|-----------------------|----------------------------------------------------------------|------------------------|---------------------------|
| constraint:monument   | plot/building touches a monument area (or its surroundings)    | monument_authority     | § 8, § 10 NDSchG          |
| constraint:water_protection | building or ancillary area in a water protection zone    | water_authority        | § 52 WHG                  |
| constraint:flood_area | building or ancillary area in a flood area                     | water_authority        | § 78 WHG                  |
| constraint:nature_reserve | plot touches a nature reserve                              | nature_conservation    | § 23 BNatSchG             |
| constraint:landscape_protection | plot touches a landscape protection area             | nature_conservation    | § 26 BNatSchG             |
| constraint:federal_road | building or ancillary area within the buffer of a federal road (20 m) | road_authority  | § 9 FStrG                 |
| constraint:state_road | building or ancillary area within the buffer of a state road (20 m) | road_authority     | § 24 NStrG                |
| building:fire_height  | a building higher than 7 m                                     | fire_protection_office | § 2 Abs. 3 NBauO (GK 4/5) |
| building:fire_class   | building class 4 or 5 declared                                 | fire_protection_office | § 2 Abs. 3 NBauO          |
| plan:outside_plan     | plot not covered by a development plan (§§ 34, 35 BauGB)       | municipality           | § 36 BauGB                |
| plan:dispensation     | a building crosses the Baugrenze / misses the Baulinie         | municipality           | § 31 Abs. 2, § 36 BauGB   |
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
    SetbackRule("nbauo-2012", "NI", date(1900, 1, 1), date(2024, 6, 30), 0.5, 0.25, 3.0, "§ 5 Abs. 2 NBauO a. F."),
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
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
    "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH",
    "NRW": "NW", "NDS": "NI",
}  # fmt: skip
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
            if rule.land == wanted and rule.valid_from <= on and (rule.valid_until is None or on <= rule.valid_until):
                return rule
    raise LookupError(f"no setback rule for {land} on {on.isoformat()}")


def setback_depth(height_m: float, rule: SetbackRule, zone_type: str | None) -> float:
    factor = rule.factor_industrial if zone_type in INDUSTRIAL_ZONES else rule.factor
    return max(factor * height_m, rule.minimum_m)


@dataclass(frozen=True)
class ConstraintKind:
    kind: str
    label: str  # German, shown in reports
    agency_type: str
    legal_basis: str
    default_buffer_m: float  # distance zone around the features (e.g. Anbauverbotszone)
    # "plot": any contact with the plot matters (protected surroundings); "works": only where
    # buildings or ancillary areas are placed.
    applies_to: str


CONSTRAINT_KINDS: dict[str, ConstraintKind] = {
    k.kind: k
    for k in (
        ConstraintKind("monument", "Denkmalschutz", "monument_authority", "§§ 8, 10 NDSchG", 0.0, "plot"),
        ConstraintKind("water_protection", "Wasserschutzgebiet", "water_authority", "§ 52 WHG", 0.0, "works"),
        ConstraintKind("flood_area", "Überschwemmungsgebiet", "water_authority", "§ 78 WHG", 0.0, "works"),
        ConstraintKind("nature_reserve", "Naturschutzgebiet", "nature_conservation", "§ 23 BNatSchG", 0.0, "plot"),
        ConstraintKind(
            "landscape_protection", "Landschaftsschutzgebiet", "nature_conservation", "§ 26 BNatSchG", 0.0, "plot"
        ),
        ConstraintKind("federal_road", "Anbauverbotszone Bundesstraße", "road_authority", "§ 9 FStrG", 20.0, "works"),
        ConstraintKind("state_road", "Anbauverbotszone Landesstraße", "road_authority", "§ 24 NStrG", 20.0, "works"),
    )
}
DEVELOPMENT_PLAN = "development_plan"
LAYER_KINDS = (DEVELOPMENT_PLAN, *CONSTRAINT_KINDS)

# Building-derived agency triggers (see the table in the module docstring).
FIRE_HEIGHT_LIMIT_M = 7.0
FIRE_BUILDING_CLASSES = frozenset({4, 5})


@dataclass(frozen=True)
class CheckSettings:
    """Tolerances; the defaults suit survey-grade site plans (coordinates to the centimetre)."""

    tolerance_m: float = 0.1  # plot, Baugrenze and Baulinie
    setback_tolerance_m: float = 0.01
    area_epsilon_m2: float = 1e-3  # overlaps below this are rounding noise


DEFAULT_SETTINGS = CheckSettings()
