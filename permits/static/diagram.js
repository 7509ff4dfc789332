// Process diagram of the case file: draws the BPMN of the case's process version with bpmn-js (served by
// the app from node_modules), marks current and completed steps and drills down into call activities and
// per-agency reviews. Without JavaScript the page lists the steps instead (the list stays for screen readers).
(function () {
  "use strict";
  var box = document.getElementById("process-diagram");
  if (!box || !window.BpmnJS) { return; }
  var canvasBox = box.querySelector(".diagram-canvas");
  var title = box.querySelector(".diagram-title");
  var status = box.querySelector(".diagram-status");
  var drill = box.querySelector(".diagram-drilldown");
  var viewer = new window.BpmnJS({ container: canvasBox });
  var current = null;
  box.classList.add("diagram-active");

  function button(label, unit) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = label;
    b.addEventListener("click", function () { show(unit); });
    return b;
  }

  function renderDrilldown(data) {
    drill.textContent = "";
    if (data.parent) {
      var back = document.createElement("li");
      back.appendChild(button("Zurück zu: " + data.parent.title, data.parent.unit));
      drill.appendChild(back);
    }
    data.children.forEach(function (child) {
      var item = document.createElement("li");
      item.appendChild(button(child.title + " (" + child.state_label + ")", child.unit));
      drill.appendChild(item);
    });
  }

  function mark(data) {
    var canvas = viewer.get("canvas");
    var registry = viewer.get("elementRegistry");
    if (data.root) {
      var plane = registry.get(data.root + "_plane");
      if (plane) { canvas.setRootElement(plane); }
    }
    data.completed.forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, "step-completed"); } });
    data.current.forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, "step-current"); } });
    canvas.zoom("fit-viewport");
  }

  function show(unit) {
    status.textContent = "Diagramm wird geladen …";
    fetch(box.getAttribute("data-url") + "?einheit=" + encodeURIComponent(unit), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      current = data;
      title.textContent = data.title;
      renderDrilldown(data);
      if (!data.xml) {
        canvasBox.hidden = true;
        status.textContent = "Die Zeichnung dieser Verfahrensversion liegt nicht mehr vor; die Schritte stehen in der Liste.";
        return null;
      }
      canvasBox.hidden = false;
      return viewer.importXML(data.xml).then(function () {
        mark(data);
        status.textContent = "Gezeigt: " + data.title + ". Laufende Schritte sind orange, erledigte grün umrandet.";
        box.setAttribute("data-drawn", data.unit || "top");
      });
    }).catch(function () {
      status.textContent = "Das Diagramm konnte nicht geladen werden; die Schritte stehen in der Liste.";
    });
  }

  show(box.getAttribute("data-unit") || "");
  window.addEventListener("resize", function () {
    if (current && current.xml) { viewer.get("canvas").zoom("fit-viewport"); }
  });
}());
