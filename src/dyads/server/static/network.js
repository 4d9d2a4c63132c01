/* Actor network with Cytoscape: node size by activity, edge colour by the balance of
   cooperation (green) and conflict (red), width by event count. Keyboard: Tab to the graph,
   arrow keys move between nodes, Enter opens the selected actor. */
(function () {
  "use strict";
  const holder = document.getElementById("network-data");
  const box = document.getElementById("network");
  if (!holder || !box || typeof cytoscape === "undefined") return;
  const graph = JSON.parse(holder.textContent);
  const css = getComputedStyle(document.documentElement);
  const coop = css.getPropertyValue("--q1").trim(), conf = css.getPropertyValue("--q4").trim();
  const maxEvents = Math.max.apply(null, graph.nodes.map(function (n) { return n.events; }).concat([1]));
  const maxCount = Math.max.apply(null, graph.edges.map(function (e) { return e.count; }).concat([1]));
  const elements = graph.nodes.map(function (n) {
    return {data: {id: n.id, label: n.label, size: 20 + 30 * Math.sqrt(n.events / maxEvents)}};
  }).concat(graph.edges.map(function (e, i) {
    const colour = e.weight > 0 ? coop : e.weight < 0 ? conf : "#9aa5b1";
    return {data: {id: "e" + i, source: e.source, target: e.target, colour: colour,
                   width: 1.5 + 6 * (e.count / maxCount),
                   label: e.count + " (" + e.cooperation + " coop / " + e.conflict + " conf)"}};
  }));
  const cy = cytoscape({
    container: box, elements: elements,
    // Deterministic (randomize off) so the same data always draws the same picture.
    layout: {name: "cose", animate: false, randomize: false, padding: 30, nodeOverlap: 40,
             nodeRepulsion: function () { return 40000; }, idealEdgeLength: function () { return 70; },
             componentSpacing: 40, gravity: 2, numIter: 2000},
    style: [
      {selector: "node", style: {"label": "data(label)", "width": "data(size)", "height": "data(size)",
        "background-color": "#1f4e8c", "color": "#1c2430", "font-size": 12, "text-valign": "bottom",
        "text-margin-y": 4, "text-background-color": "#fff", "text-background-opacity": 0.8}},
      {selector: "node:selected", style: {"border-width": 4, "border-color": "#0b63ce", "background-color": "#0b63ce"}},
      {selector: "edge", style: {"width": "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", "opacity": 0.85}},
      {selector: "edge:selected", style: {"label": "data(label)", "font-size": 11, "text-background-color": "#fff",
        "text-background-opacity": 1}},
    ],
  });
  window.dyadsNetwork = cy;  // for the browser tests and the curious
  cy.on("tap", "node", function (ev) { window.location.href = "/actors/" + encodeURIComponent(ev.target.id()); });

  // Keyboard: the graph box is focusable; arrows cycle nodes (by activity), Enter opens one.
  box.tabIndex = 0;
  box.setAttribute("aria-describedby", "network-help");
  const help = document.createElement("p");
  help.id = "network-help"; help.className = "sr-only";
  help.textContent = "Use the arrow keys to move between actors and Enter to open one.";
  box.after(help);
  const order = graph.nodes.map(function (n) { return n.id; });
  let current = -1;
  box.addEventListener("keydown", function (ev) {
    if (!order.length) return;
    if (ev.key === "ArrowRight" || ev.key === "ArrowDown") current = (current + 1) % order.length;
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") current = (current - 1 + order.length) % order.length;
    else if (ev.key === "Enter" && current >= 0) { window.location.href = "/actors/" + encodeURIComponent(order[current]); return; }
    else return;
    ev.preventDefault();
    cy.nodes().unselect();
    const node = cy.getElementById(order[current]);
    node.select();
    box.setAttribute("aria-label", "Selected " + order[current]);
  });
})();
