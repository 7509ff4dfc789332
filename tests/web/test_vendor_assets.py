"""Browser libraries are served by the app from node_modules, and nothing else of node_modules is."""

from __future__ import annotations

import pytest

from permits.web.assets import NODE_MODULES

needs_assets = pytest.mark.skipif(not (NODE_MODULES / "ol").is_dir(), reason="run `make assets`")


@needs_assets
def test_pages_load_the_map_library_from_the_app(client):
    with client.get("/assets/vendor/ol/dist/ol.js") as response:
        assert response.status_code == 200
        assert response.mimetype in {"text/javascript", "application/javascript"}


@needs_assets
def test_the_bpmn_viewer_is_served(client):
    with client.get("/assets/vendor/bpmn-js/dist/bpmn-navigated-viewer.production.min.js") as response:
        assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/assets/vendor/ol/package.json",
        "/assets/vendor/ol/Map.js",
        "/assets/vendor/axe-core/axe.min.js",
        "/assets/vendor/ol/dist/../package.json",
        "/assets/vendor/bpmn-js/dist/../../axe-core/axe.min.js",
    ],
)
def test_nothing_else_of_node_modules_is_reachable(client, path):
    assert client.get(path).status_code == 404
