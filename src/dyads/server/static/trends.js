/* Dyad trends: choosing a dyad fetches its series from /api/dyads/series and charts
   cooperation (up) against conflict (down) per month, with the cooperation-conflict index. */
(function () {
  "use strict";
  const section = document.getElementById("trend");
  const canvas = document.getElementById("trend-chart");
  if (!section || !canvas || typeof Chart === "undefined") return;
  const status = document.getElementById("trend-status");
  const css = getComputedStyle(document.documentElement);
  const colour = function (name) { return css.getPropertyValue(name).trim(); };
  let chart = null;
  let request = 0;

  function monthsBetween(first, last) {
    const out = [];
    let y = parseInt(first.slice(0, 4), 10), m = parseInt(first.slice(5, 7), 10);
    const endY = parseInt(last.slice(0, 4), 10), endM = parseInt(last.slice(5, 7), 10);
    while (y < endY || (y === endY && m <= endM)) {
      out.push(y + "-" + String(m).padStart(2, "0"));
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  async function fetchSeries(actor, recipient) {
    const params = new URLSearchParams({interval: "month", level: section.dataset.level,
                                        actor: actor, recipient: recipient,
                                        dedup: section.dataset.dedup, limit: "5000"});
    if (section.dataset.since) params.set("since", section.dataset.since);
    if (section.dataset.until) params.set("until", section.dataset.until);
    const rows = [];
    let offset = 0;
    while (offset !== null) {
      params.set("offset", String(offset));
      const resp = await fetch("/api/dyads/series?" + params.toString(),
                               {headers: {"Accept": "application/json"}, credentials: "same-origin"});
      const body = await resp.json();
      if (!resp.ok) throw new Error((body.error && body.error.message) || resp.statusText);
      body.items.forEach(function (r) { rows.push(r); });
      offset = body.next_offset;
    }
    // Events with a compound argument give rows for other pairs too: keep this dyad's.
    return rows.filter(function (r) { return r.actor === actor && r.recipient === recipient; });
  }

  function draw(actor, recipient, rows) {
    const byMonth = {};
    rows.forEach(function (r) { byMonth[r.period.slice(0, 7)] = r; });
    const found = Object.keys(byMonth).sort();
    const labels = found.length ? monthsBetween(found[0], found[found.length - 1]) : [];
    const get = function (m, k) { return byMonth[m] ? byMonth[m][k] : 0; };
    const data = {
      labels: labels,
      datasets: [
        {type: "bar", label: "cooperation", stack: "events", yAxisID: "y",
         data: labels.map(function (m) { return get(m, "cooperation"); }),
         backgroundColor: colour("--q1"), borderWidth: 0, maxBarThickness: 56},
        {type: "bar", label: "conflict", stack: "events", yAxisID: "y",
         data: labels.map(function (m) { return -get(m, "conflict"); }),
         backgroundColor: colour("--q4"), borderWidth: 0, maxBarThickness: 56},
        {type: "line", label: "cooperation–conflict index", yAxisID: "index",
         data: labels.map(function (m) { return byMonth[m] ? byMonth[m].cc_index : null; }),
         borderColor: "#1c2430", backgroundColor: "#1c2430", borderWidth: 2, pointRadius: 3,
         spanGaps: true, tension: 0},
      ],
    };
    const top = Math.max(1, ...labels.map(function (m) {
      return Math.max(get(m, "cooperation"), get(m, "conflict"));
    }));
    if (chart) chart.destroy();
    chart = new Chart(canvas, {
      data: data,
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: {mode: "index", intersect: false},
        scales: {
          x: {stacked: true, grid: {display: false}},
          // symmetric, so its zero lines up with the index axis' zero
          y: {stacked: true, min: -top, max: top,
              title: {display: true, text: "events (conflict below zero)"},
              ticks: {precision: 0, callback: function (v) { return Math.abs(v); }}},
          index: {position: "right", min: -1, max: 1, grid: {display: false},
                  title: {display: true, text: "index"}},
        },
        plugins: {
          legend: {position: "bottom"},
          tooltip: {callbacks: {label: function (c) {
            const v = c.parsed.y;
            return c.dataset.label + ": " + (c.dataset.yAxisID === "index" ? v.toFixed(2) : Math.abs(v));
          }}},
        },
      },
    });
    const body = document.querySelector("#trend-table tbody");
    if (body) {
      body.replaceChildren();
      labels.forEach(function (m) {
        const tr = document.createElement("tr");
        const index = byMonth[m] ? byMonth[m].cc_index : null;
        [m, get(m, "events"), get(m, "cooperation"), get(m, "conflict"),
         index === null ? "" : (index > 0 ? "+" : "") + index.toFixed(2)].forEach(function (v, i) {
          const td = document.createElement(i ? "td" : "th");
          if (i) td.className = "num"; else td.scope = "row";
          td.textContent = String(v);
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    }
    canvas.dataset.dyad = actor + "-" + recipient;
    window.dyadsTrend = chart;
  }

  async function show(actor, recipient, scroll) {
    const mine = ++request;
    section.hidden = false;
    document.getElementById("trend-name").textContent = actor + " – " + recipient;
    document.querySelectorAll("tr[data-actor]").forEach(function (tr) {
      const on = tr.dataset.actor === actor && tr.dataset.recipient === recipient;
      tr.classList.toggle("selected", on);
      const link = tr.querySelector(".dyad-link");
      if (link) { if (on) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current"); }
    });
    status.textContent = "Loading…";
    status.classList.remove("error");
    try {
      const rows = await fetchSeries(actor, recipient);
      if (mine !== request) return;  // a later choice won
      const total = rows.reduce(function (n, r) { return n + r.events; }, 0);
      status.textContent = rows.length ? total + " dated events in " + rows.length + " months." :
        "No dated events for this dyad.";
      draw(actor, recipient, rows);
      const links = document.getElementById("trend-links");
      links.replaceChildren();
      [["Stories of this dyad", "/stories?both=true&actor=" + encodeURIComponent(actor) + "&recipient=" + encodeURIComponent(recipient)],
       ["Series as JSON", "/api/dyads/series?level=" + encodeURIComponent(section.dataset.level) + "&actor=" + encodeURIComponent(actor) + "&recipient=" + encodeURIComponent(recipient)]
      ].forEach(function (pair, i) {
        if (i) links.appendChild(document.createTextNode(" · "));
        const a = document.createElement("a");
        a.href = pair[1]; a.textContent = pair[0];
        links.appendChild(a);
      });
      if (scroll) section.scrollIntoView({block: "start"});
    } catch (e) {
      if (mine !== request) return;
      status.textContent = "Could not load the series: " + e.message;
      status.classList.add("error");
    }
  }

  document.addEventListener("click", function (ev) {
    const link = ev.target.closest("a.dyad-link");
    if (!link || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    show(link.dataset.actor, link.dataset.recipient, true);
  });
  if (section.dataset.actor && section.dataset.recipient) {
    show(section.dataset.actor, section.dataset.recipient, false);
  }
})();
