import json

import pytest
from sqlalchemy import func, select

from permits.cli.layers import layers_cli
from permits.errors import InvalidInput
from permits.extensions import db
from permits.geometry import InvalidGeometry
from permits.models import Layer, LayerFeature
from permits.services import layers as layers_mod
from permits.services.layers import import_layer, load_layer_indexes
from tests.geometry.geometry_helpers import E0, N0, collection, feature, rect, shared_file


def _wsg(*names):
    return collection(*(feature(rect(20 * i, 0, 10, 10), name=name) for i, name in enumerate(names)))


def test_cli_imports_and_lists_the_duisburg_plan(app, tmp_path):
    path = shared_file("bplan_1251_baerl.geojson")
    runner = app.test_cli_runner()
    result = runner.invoke(
        layers_cli, ["import", str(path), "--kind", "development_plan", "--name", "BP 1251"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Ebene „BP 1251“ (development_plan) importiert: 40 Objekte, Revision 1.\n"
    listing = runner.invoke(layers_cli, ["list"])
    assert listing.exit_code == 0
    assert listing.output.startswith("BP 1251\tdevelopment_plan\tRevision 1\t40 Objekte\timportiert ")
    layer = db.session.scalars(select(Layer)).one()
    assert layer.properties == {"source": "bplan_1251_baerl.geojson"}
    stored = db.session.scalars(select(LayerFeature)).first()
    assert stored is not None and stored.minx <= stored.maxx and stored.geometry_wkb


def test_cli_reports_bad_files_in_german(app, tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text(
        json.dumps(
            collection(
                feature(
                    {"type": "Polygon", "coordinates": [[[9.7, 52.3], [9.8, 52.3], [9.8, 52.4], [9.7, 52.3]]]}
                )
            )
        )
    )
    result = app.test_cli_runner().invoke(
        layers_cli, ["import", str(bad), "--kind", "monument", "--name", "D"]
    )
    assert result.exit_code == 1
    assert "Import abgebrochen, nichts geändert." in result.output
    assert (
        "features/0/geometry: Objekt 1: Der Punkt (9,70 / 52,30) liegt in EPSG:25832 außerhalb Deutschlands. "
        "[outside_germany]"
    ) in result.output
    empty = app.test_cli_runner().invoke(layers_cli, ["list"])
    assert empty.output == "Keine Ebenen importiert.\n"


def test_cli_rejects_unknown_kind(app, tmp_path):
    path = tmp_path / "x.geojson"
    path.write_text(json.dumps(_wsg("A")))
    result = app.test_cli_runner().invoke(
        layers_cli, ["import", str(path), "--kind", "castle", "--name", "X"]
    )
    assert result.exit_code == 2


def test_reimport_replaces_the_layer_and_bumps_the_revision(app):
    first = import_layer("WSG", "water_protection", _wsg("Zone I", "Zone II"))
    assert (first.revision, first.feature_count) == (1, 2)
    (index,) = load_layer_indexes()
    assert index.revision == 1 and len(index.geometries) == 2

    second = import_layer("WSG", "water_protection", _wsg("Zone III"), buffer_m=5.0)
    assert (second.id, second.revision, second.feature_count) == (first.id, 2, 1)
    assert db.session.scalar(select(func.count()).select_from(LayerFeature)) == 1
    (index,) = load_layer_indexes()
    assert index.revision == 2
    assert [p["name"] for p in index.feature_properties] == ["Zone III"]
    assert index.properties["buffer_m"] == 5.0


def test_bad_reimport_changes_nothing(app):
    import_layer("WSG", "water_protection", _wsg("Zone I"))
    broken = _wsg("Zone II")
    broken["features"].append(
        feature(
            {
                "type": "Polygon",
                "coordinates": [[[E0, N0], [E0 + 5, N0 + 5], [E0 + 5, N0], [E0, N0 + 5], [E0, N0]]],
            }
        )
    )
    with pytest.raises(InvalidGeometry) as info:
        import_layer("WSG", "water_protection", broken)
    assert info.value.codes == {"features/1/geometry": "invalid_geometry"}
    layer = db.session.scalars(select(Layer)).one()
    assert (layer.revision, layer.feature_count) == (1, 1)
    (index,) = load_layer_indexes()
    assert [p["name"] for p in index.feature_properties] == ["Zone I"]


def test_cache_is_reused_until_another_process_reimports(app):
    import_layer("WSG", "water_protection", _wsg("Zone I"))
    (first,) = load_layer_indexes()
    (again,) = load_layer_indexes()
    assert again is first  # served from the per-process cache

    # Another process re-imports: simulated by writing the new revision behind this process's back.
    layer = db.session.scalars(select(Layer)).one()
    db.session.execute(LayerFeature.__table__.update().values(properties={"name": "Zone X"}))
    layer.revision += 1
    layer.checksum = "changed-elsewhere"
    db.session.commit()
    (fresh,) = load_layer_indexes()
    assert fresh is not first
    assert fresh.revision == 2 and fresh.feature_properties[0]["name"] == "Zone X"


def test_cache_is_not_trusted_when_the_checksum_differs(app):
    import_layer("WSG", "water_protection", _wsg("Zone I"))
    (first,) = load_layer_indexes()
    layer = db.session.scalars(select(Layer)).one()
    layer.checksum = "another-database-same-id-and-revision"
    db.session.commit()
    (fresh,) = load_layer_indexes()
    assert fresh is not first and fresh.checksum == "another-database-same-id-and-revision"


def test_layer_in_wgs84_is_reprojected(app):
    wgs = collection(
        feature(
            {
                "type": "Polygon",
                "coordinates": [[[9.70, 52.30], [9.71, 52.30], [9.71, 52.31], [9.70, 52.30]]],
            },
            name="LSG",
        )
    )
    import_layer("LSG", "landscape_protection", wgs, crs="EPSG:4326")
    (index,) = load_layer_indexes()
    minx, miny, _, _ = index.geometries[0].bounds
    assert 540_000 < minx < 560_000 and 5_790_000 < miny < 5_800_000


def test_empty_name_is_rejected(app):
    with pytest.raises(InvalidInput, match=r"Der Name der Ebene fehlt\."):
        import_layer("  ", "monument", _wsg("A"))
    layers_mod.clear_cache()
