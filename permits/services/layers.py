"""Use cases on map layers (development plans, constraint areas), and their per-process spatial indexes.

Geometry is stored as hex WKB text, so SQLite and PostgreSQL behave alike (no PostGIS). The index
cache is keyed by (layer id, revision) and checked against the checksum read from the database on
every use, so a re-import in another process is seen by the next check in this one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from permits.core.transaction import transactional
from permits.errors import Conflict, InvalidInput
from permits.extensions import db
from permits.geometry.index import LayerIndex
from permits.geometry.layer_input import parse_layer_features
from permits.models.geometry import Layer, LayerFeature
from permits.models.types import utcnow

log = logging.getLogger(__name__)
CACHE_SIZE = 64

_cache: OrderedDict[tuple[int, int], LayerIndex] = OrderedDict()
_cache_lock = threading.Lock()


@transactional
def import_layer(
    name: str,
    kind: str,
    collection: Any,
    *,
    crs: str | int | None = None,
    buffer_m: float | None = None,
    source: str | None = None,
) -> Layer:
    """Create or replace the layer `name`; on bad input nothing changes."""
    name = name.strip()
    if not name:
        raise InvalidInput("Der Name der Ebene fehlt.", field_errors={"name": ["Der Name der Ebene fehlt."]})
    features = parse_layer_features(collection, crs)  # raises InvalidGeometry before any write
    wkbs = shapely.to_wkb([g for g, _ in features], hex=True)
    settings: dict[str, Any] = {"source": source} if source else {}
    if buffer_m is not None:
        settings["buffer_m"] = buffer_m
    checksum = _checksum([name, kind, settings], wkbs, [p for _, p in features])
    try:
        layer = db.session.scalars(select(Layer).where(Layer.name == name).with_for_update()).first()
        if layer is None:
            layer = Layer(name=name, kind=kind, revision=1, checksum=checksum)
            db.session.add(layer)
        else:
            db.session.execute(delete(LayerFeature).where(LayerFeature.layer_id == layer.id))
            layer.revision += 1
        layer.kind, layer.checksum, layer.properties = kind, checksum, settings
        layer.imported_at, layer.feature_count = utcnow(), len(features)
        db.session.flush()
    except IntegrityError as exc:  # another process created the same name first
        raise Conflict(f"Die Ebene „{name}“ wurde gleichzeitig importiert; bitte erneut versuchen.") from exc
    if features:
        db.session.execute(
            insert(LayerFeature),
            [
                _feature_row(layer.id, geom, wkb, props)
                for (geom, props), wkb in zip(features, wkbs, strict=True)
            ],
        )
    log.info("imported layer %s (%s) revision %s with %s features", name, kind, layer.revision, len(features))
    return layer


def list_layers() -> list[Layer]:
    return list(db.session.scalars(select(Layer).order_by(Layer.name)))


def load_layer_indexes() -> list[LayerIndex]:
    """The current revision of every layer; only layers changed since the last call are read again."""
    rows = db.session.execute(
        select(Layer.id, Layer.name, Layer.kind, Layer.revision, Layer.checksum, Layer.properties).order_by(
            Layer.id
        )
    ).all()
    indexes = []
    for row in rows:
        key = (row.id, row.revision)
        with _cache_lock:
            cached = _cache.get(key)
            if cached is not None:
                _cache.move_to_end(key)
        if cached is None or cached.checksum != row.checksum:
            cached = _load(row._asdict())
        indexes.append(cached)
    return indexes


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _load(layer: dict[str, Any]) -> LayerIndex:
    # Revision and features come from one statement, so they belong to the same import even when
    # another process replaces the layer in between (PostgreSQL READ COMMITTED).
    rows = db.session.execute(
        select(Layer.revision, Layer.checksum, LayerFeature.geometry_wkb, LayerFeature.properties)
        .join(LayerFeature, LayerFeature.layer_id == Layer.id)
        .where(Layer.id == layer["id"])
        .order_by(LayerFeature.id)
    ).all()
    if rows:
        layer = {**layer, "revision": rows[0].revision, "checksum": rows[0].checksum}
    geometries = shapely.from_wkb([r.geometry_wkb for r in rows]) if rows else []
    index = LayerIndex.build(layer, list(geometries), [r.properties or {} for r in rows])
    with _cache_lock:
        for stale in [k for k in _cache if k[0] == index.layer_id]:
            del _cache[stale]
        _cache[(index.layer_id, index.revision)] = index
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    log.info(
        "loaded layer %s (%s) revision %s: %s features", index.name, index.kind, index.revision, len(rows)
    )
    return index


def _feature_row(layer_id: int, geom: BaseGeometry, wkb: str, props: Mapping[str, Any]) -> dict[str, Any]:
    minx, miny, maxx, maxy = geom.bounds
    return {
        "layer_id": layer_id,
        "properties": dict(props),
        "geometry_wkb": wkb,
        "minx": minx,
        "miny": miny,
        "maxx": maxx,
        "maxy": maxy,
    }


def _checksum(header: list[Any], wkbs: Sequence[str], properties: Sequence[Mapping[str, Any]]) -> str:
    digest = hashlib.sha256(json.dumps(header, sort_keys=True, default=str).encode())
    for wkb, props in zip(wkbs, properties, strict=True):
        digest.update(wkb.encode())
        digest.update(json.dumps(props, sort_keys=True, default=str).encode())
    return digest.hexdigest()
