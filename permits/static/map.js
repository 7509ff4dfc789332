/*
 * The map of the application step "Lage und Baukörper" (templates/portal/lage.html).
 *
 * Progressive enhancement: without JavaScript the page is a form (GeoJSON upload or text). With it, this
 * shows the saved plot and buildings with the development-plan and constraint layers the app serves
 * (data-layers-url), lets the architect draw new building footprints or move corners of existing ones,
 * writes the result into the form's text field (saved by the form's own button) and runs the live plot
 * check (data-check-url), whose rendered findings replace the check section.
 *
 * Coordinates stay in EPSG:25832 throughout: the map uses a plain metric projection and no base map, so
 * OpenLayers needs no proj4 and the geometry never changes systems in the browser.
 */
(function () {
  "use strict";

  var container = document.getElementById("karte");
  if (!container || typeof window.ol === "undefined") {
    return;
  }
  var ol = window.ol;
  var textarea = document.getElementById("f-geometrie");
  var tools = document.getElementById("karte-werkzeuge");
  var legend = document.getElementById("karte-legende");
  var hint = document.getElementById("karte-hinweis");
  var statusLine = document.getElementById("karte-status");
  var checkRegion = document.getElementById("pruefung");
  var drawButton = document.getElementById("karte-zeichnen");
  var modifyButton = document.getElementById("karte-bearbeiten");
  var removeButton = document.getElementById("karte-loeschen");
  var heightInput = document.getElementById("karte-hoehe");
  var floorsInput = document.getElementById("karte-geschosse");

  if (!container.dataset.site) {
    hint.textContent =
      "Die Karte erscheint, sobald Grundstück und Gebäude einmal gespeichert sind. " +
      "Laden Sie sie dazu unten als GeoJSON-Datei hoch oder fügen Sie den GeoJSON-Text ein.";
    return;
  }

  var format = new ol.format.GeoJSON();
  var site = format.readFeatures(JSON.parse(container.dataset.site));
  var plotSource = new ol.source.Vector();
  var buildingSource = new ol.source.Vector();
  var layerSource = new ol.source.Vector();
  site.forEach(function (feature) {
    (feature.get("role") === "footprint" ? buildingSource : plotSource).addFeature(feature);
  });

  // The original submission's settings that the map does not edit (Land, zone type).
  var kept = {};
  try {
    var original = JSON.parse(textarea.value);
    ["land", "zone_type"].forEach(function (key) {
      if (original && original[key] !== undefined) {
        kept[key] = original[key];
      }
    });
  } catch (ignored) {
    kept = {};
  }

  function style(stroke, fill, width, dash) {
    return new ol.style.Style({
      stroke: new ol.style.Stroke({ color: stroke, width: width || 2, lineDash: dash }),
      fill: fill ? new ol.style.Fill({ color: fill }) : undefined,
    });
  }
  var layerStyles = {
    plan_area: style("#5b6775", null, 1, [8, 6]),
    building_envelope: style("#1e7a3b", "rgba(30,122,59,0.15)", 2, [6, 4]),
    building_limit: style("#0b5cad", null, 3),
    building_line: style("#0b5cad", null, 3, [2, 4]),
    public_road: style("#9aa5b1", "rgba(154,165,177,0.25)", 1),
    public_green: style("#4f8a3c", "rgba(79,138,60,0.15)", 1),
    public_water: style("#2b6cb0", "rgba(43,108,176,0.2)", 1),
    other: style("#9aa5b1", null, 1),
    constraint: style("#8a4b00", "rgba(200,120,0,0.2)", 2),
  };
  var plotStyle = style("#12324f", "rgba(18,50,79,0.05)", 3);
  var ancillaryStyle = style("#5b6775", "rgba(91,103,117,0.25)", 2);
  var buildingStyle = style("#b3261e", "rgba(179,38,30,0.35)", 2);

  var projection = new ol.proj.Projection({
    code: "EPSG:25832",
    units: "m",
    extent: [250000, 5200000, 950000, 6120000],
  });
  var plotExtent = plotSource.getExtent();
  var map = new ol.Map({
    target: container,
    controls: [
      new ol.control.Zoom({ zoomInTipLabel: "Vergrößern", zoomOutTipLabel: "Verkleinern" }),
      new ol.control.ScaleLine(),
    ],
    layers: [
      new ol.layer.Vector({
        source: layerSource,
        style: function (feature) {
          var kind = feature.get("kind");
          return kind === "development_plan"
            ? layerStyles[feature.get("role")] || layerStyles.other
            : layerStyles.constraint;
        },
      }),
      new ol.layer.Vector({
        source: plotSource,
        style: function (feature) {
          return feature.get("role") === "ancillary" ? ancillaryStyle : plotStyle;
        },
      }),
      new ol.layer.Vector({ source: buildingSource, style: buildingStyle }),
    ],
    view: new ol.View({
      projection: projection,
      extent: ol.extent.buffer(plotExtent, 300),
      constrainOnlyCenter: true,
      maxZoom: 28,
    }),
  });
  container.hidden = false;
  tools.hidden = false;
  legend.hidden = false;
  hint.textContent =
    "Zeichnen Sie die Gebäude in die Karte oder laden Sie unten eine GeoJSON-Datei hoch. " +
    "Die Prüfung läuft beim Zeichnen mit; gespeichert wird mit „Speichern und prüfen“.";
  map.updateSize();
  map.getView().fit(ol.extent.buffer(plotExtent, 8), { padding: [20, 20, 20, 20] });

  fetch(container.dataset.layersUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(function (collection) {
      layerSource.addFeatures(format.readFeatures(collection));
      if (collection.truncated) {
        statusLine.textContent = "Die Karte zeigt nicht alle Festsetzungen der Umgebung.";
      }
    })
    .catch(function () {
      statusLine.textContent = "Die Ebenen des Bebauungsplans konnten nicht geladen werden.";
    });

  // Drawing, editing, snapping to the plot, the plan and the other buildings.
  var draw = new ol.interaction.Draw({ source: buildingSource, type: "Polygon" });
  var modify = new ol.interaction.Modify({ source: buildingSource });
  draw.setActive(false);
  modify.setActive(false);
  map.addInteraction(draw);
  map.addInteraction(modify);
  [plotSource, layerSource, buildingSource].forEach(function (source) {
    map.addInteraction(new ol.interaction.Snap({ source: source }));
  });

  function setMode(mode) {
    draw.setActive(mode === "draw");
    modify.setActive(mode === "modify");
    drawButton.setAttribute("aria-pressed", String(mode === "draw"));
    modifyButton.setAttribute("aria-pressed", String(mode === "modify"));
  }
  drawButton.addEventListener("click", function () {
    setMode(draw.getActive() ? null : "draw");
    statusLine.textContent = draw.getActive()
      ? "Zeichnen aktiv: Ecken in die Karte klicken, Doppelklick oder ein Klick auf die erste Ecke schließt den Grundriss."
      : "Zeichnen beendet.";
  });
  modifyButton.addEventListener("click", function () {
    setMode(modify.getActive() ? null : "modify");
    statusLine.textContent = modify.getActive()
      ? "Ecken verschieben aktiv: eine Ecke der Gebäude ziehen."
      : "Ecken verschieben beendet.";
  });
  removeButton.addEventListener("click", function () {
    var buildings = buildingSource.getFeatures();
    if (!buildings.length) {
      statusLine.textContent = "Es ist kein Gebäude eingezeichnet.";
      return;
    }
    buildingSource.removeFeature(buildings[buildings.length - 1]);
    changed("Gebäude entfernt.");
  });

  function germanNumber(text) {
    var value = Number(String(text).trim().replace(",", "."));
    return text.trim() === "" ? undefined : Number.isFinite(value) ? value : text.trim();
  }

  draw.on("drawend", function (event) {
    var height = germanNumber(heightInput.value);
    var floors = germanNumber(floorsInput.value);
    event.feature.set("role", "footprint");
    if (height !== undefined) {
      event.feature.set("height", height);
    }
    if (floors !== undefined) {
      event.feature.set("floors", floors);
    }
    // The feature is added to the source after this event; write and check once it is there.
    window.setTimeout(function () {
      changed("Gebäude " + buildingSource.getFeatures().length + " eingezeichnet.");
    }, 0);
  });
  modify.on("modifyend", function (event) {
    event.features.forEach(function (feature) {
      feature.unset("wall_heights"); // one height per wall: no longer matches once corners change
    });
    changed("Grundriss geändert.");
  });

  function featureObject(feature, keys) {
    var properties = {};
    keys.forEach(function (key) {
      if (feature.get(key) !== undefined) {
        properties[key] = feature.get(key);
      }
    });
    return {
      type: "Feature",
      properties: properties,
      geometry: format.writeGeometryObject(feature.getGeometry(), { decimals: 3 }),
    };
  }

  function submission() {
    var result = { crs: "EPSG:25832" };
    Object.keys(kept).forEach(function (key) {
      result[key] = kept[key];
    });
    var plots = plotSource.getFeatures().filter(function (f) {
      return f.get("role") === "plot";
    });
    var ancillary = plotSource.getFeatures().filter(function (f) {
      return f.get("role") === "ancillary";
    });
    result.plot = { type: "FeatureCollection", features: plots.map(function (f) { return featureObject(f, []); }) };
    result.footprints = {
      type: "FeatureCollection",
      features: buildingSource.getFeatures().map(function (f) {
        return featureObject(f, ["id", "height", "floors", "building_class", "wall_heights"]);
      }),
    };
    if (ancillary.length) {
      result.ancillary = {
        type: "FeatureCollection",
        features: ancillary.map(function (f) { return featureObject(f, ["id", "kind"]); }),
      };
    }
    return result;
  }

  var pending = null;
  var sequence = 0;
  function changed(message) {
    textarea.value = JSON.stringify(submission(), null, 1);
    statusLine.textContent = message + " Prüfung läuft … (noch nicht gespeichert)";
    window.clearTimeout(pending);
    pending = window.setTimeout(liveCheck, 300);
  }

  function liveCheck() {
    var mine = ++sequence;
    checkRegion.setAttribute("aria-busy", "true");
    fetch(container.dataset.checkUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": container.dataset.csrfToken,
      },
      body: textarea.value,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        if (mine !== sequence) {
          return; // a newer drawing is being checked
        }
        checkRegion.innerHTML = data.html; // rendered (and escaped) by the app's template
        statusLine.textContent = data.errors.length
          ? "Prüfung aktualisiert: Die Geometrie enthält Fehler. Noch nicht gespeichert."
          : data.passed
            ? "Prüfung aktualisiert: alle Prüfungen erfüllt. Noch nicht gespeichert."
            : "Prüfung aktualisiert: nicht alle Prüfungen erfüllt. Noch nicht gespeichert.";
      })
      .catch(function () {
        if (mine === sequence) {
          statusLine.textContent =
            "Die Prüfung konnte gerade nicht laufen. Mit „Speichern und prüfen“ wird sie beim Speichern ausgeführt.";
        }
      })
      .finally(function () {
        if (mine === sequence) {
          checkRegion.removeAttribute("aria-busy");
        }
      });
  }
})();
