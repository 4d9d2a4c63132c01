/* Cooperation-conflict chart: stacked bars per quad class (cooperation up, conflict down)
   and a line for cooperation minus conflict. Data comes from #timeline-data (JSON). */
(function () {
  "use strict";
  const holder = document.getElementById("timeline-data");
  const canvas = document.getElementById("timeline-chart");
  if (!holder || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(holder.textContent);
  const css = getComputedStyle(document.documentElement);
  const colour = function (q) { return css.getPropertyValue("--q" + q).trim(); };
  const names = data.quad_names;
  const datasets = [1, 2, 3, 4].map(function (q) {
    const sign = q >= 3 ? -1 : 1;
    return {
      type: "bar", label: names[q], stack: "events",
      data: data.series[q].map(function (v) { return sign * v; }),
      backgroundColor: colour(q), borderWidth: 0, maxBarThickness: 56,
    };
  });
  datasets.push({
    type: "line", label: "cooperation − conflict", data: data.net,
    borderColor: "#1c2430", backgroundColor: "#1c2430", borderWidth: 2, pointRadius: 3, tension: 0.2,
  });
  new Chart(canvas, {
    data: {labels: data.periods.map(function (p) { return data.interval === "month" ? p.slice(0, 7) : p; }), datasets: datasets},
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: {mode: "index", intersect: false},
      scales: {
        x: {stacked: true, grid: {display: false}},
        y: {stacked: true, title: {display: true, text: "events (conflict below zero)"},
            ticks: {callback: function (v) { return Math.abs(v); }, precision: 0}},
      },
      plugins: {
        legend: {position: "bottom"},
        tooltip: {callbacks: {label: function (c) { return c.dataset.label + ": " + Math.abs(c.parsed.y); }}},
      },
    },
  });
})();
