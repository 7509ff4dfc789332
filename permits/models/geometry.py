"""Imported map layers (development plans, constraint areas) and stored geometry check results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from permits.extensions import Model
from permits.models.types import UTCDateTime, utcnow


class Layer(Model):
    """A development plan or constraint layer; re-importing replaces its features and bumps `revision`."""

    __tablename__ = "geometry_layers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # development_plan, monument, water_protection, …
    # Bumped on every import; per-process spatial indexes are keyed by it.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # SHA-256 of the imported features: tells a cached index apart from one of an unrelated database
    # whose layer happens to have the same id and revision.
    checksum: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    feature_count: Mapped[int] = mapped_column(Integer, default=0)
    # Layer-wide settings, e.g. {"buffer_m": 40, "source": "file.geojson"}
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LayerFeature(Model):
    __tablename__ = "geometry_layer_features"

    id: Mapped[int] = mapped_column(primary_key=True)
    layer_id: Mapped[int] = mapped_column(ForeignKey("geometry_layers.id", ondelete="CASCADE"), index=True)
    properties: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    geometry_wkb: Mapped[str] = mapped_column(Text)  # hex WKB, EPSG:25832; portable across SQLite/PostgreSQL
    minx: Mapped[float] = mapped_column(Float)
    miny: Mapped[float] = mapped_column(Float)
    maxx: Mapped[float] = mapped_column(Float)
    maxy: Mapped[float] = mapped_column(Float)


class GeometryCheck(Model):
    """One run of the plot geometry checks for a case: input, result and drawing, never changed later."""

    __tablename__ = "geometry_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    application_date: Mapped[date] = mapped_column(Date)
    input: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    svg: Mapped[str] = mapped_column(Text)
    passed: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
