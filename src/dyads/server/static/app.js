/* dyads workspace: article event selection and the paste-to-analyse form. No dependencies. */
(function () {
  "use strict";

  const QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};

  /* ---- article view: select an event, show its evidence and codes, mark it in the text ---- */
  function selectEvent(index, scroll) {
    const tpl = document.getElementById("ev-tpl-" + index);
    const detail = document.getElementById("ev-detail");
    if (!tpl || !detail) return;
    detail.replaceChildren(tpl.content.cloneNode(true));
    document.querySelectorAll(".event-btn").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.event === String(index) ? "true" : "false");
    });
    let first = null;
    document.querySelectorAll("#article-text [data-events]").forEach(function (s) {
      const on = s.dataset.events.split(" ").indexOf(String(index)) >= 0;
      s.classList.toggle("active", on);
      if (on && !first) first = s;
    });
    if (first && scroll) first.scrollIntoView({block: "center", behavior: "smooth"});
  }

  document.querySelectorAll(".event-btn").forEach(function (b) {
    b.addEventListener("click", function () { selectEvent(b.dataset.event, true); });
  });
  // A link to /documents/ID#event-EVENTID (from the event search) opens on that event.
  if (location.hash.indexOf("#event-") === 0) {
    const wanted = document.querySelector('.event-btn[data-event-id="' + CSS.escape(location.hash.slice(7)) + '"]');
    if (wanted) { selectEvent(wanted.dataset.event, true); wanted.focus({preventScroll: true}); }
  }
  const text = document.getElementById("article-text");
  if (text) {
    text.addEventListener("click", function (ev) {
      const span = ev.target.closest("[data-events]");
      if (!span) return;
      const index = span.dataset.events.split(" ")[0];
      selectEvent(index, false);
      const btn = document.querySelector('.event-btn[data-event="' + index + '"]');
      if (btn) btn.scrollIntoView({block: "nearest"});
    });
  }

  /* ---- paste to analyse ---- */
  const form = document.getElementById("analyze-form");
  if (!form) return;
  const area = document.getElementById("an-text");
  const count = document.getElementById("an-count");
  const status = document.getElementById("an-status");
  const maxBytes = parseInt(form.dataset.maxBytes, 10);
  const published = document.getElementById("an-published");
  if (published && !published.value) published.value = new Date().toISOString().slice(0, 10);

  function byteLength(s) { return new TextEncoder().encode(s).length; }
  function updateCount() {
    const n = byteLength(area.value);
    count.textContent = n.toLocaleString() + " of " + maxBytes.toLocaleString() + " bytes";
    count.classList.toggle("error", n > maxBytes);
  }
  area.addEventListener("input", updateCount);
  updateCount();

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("error", !!isError);
  }

  function label(arg) {
    if (!arg) return "—";
    const list = Array.isArray(arg) ? arg : [arg];
    return list.map(function (a) { return a.code || a.name || a.text; }).join(" + ") || "—";
  }

  function renderText(textValue, events, actors) {
    const out = document.getElementById("an-text-out");
    const spans = [];
    events.forEach(function (e, i) { spans.push({s: e.start, e: e.end, cls: "m-event q" + (e.quad || 0), title: e.event_type, ev: i}); });
    actors.forEach(function (a) { spans.push({s: a.start, e: a.end, cls: "m-actor", title: "actor: " + (a.code || a.name || "unresolved")}); });
    const cuts = new Set([0, textValue.length]);
    spans.forEach(function (sp) { if (sp.s >= 0 && sp.e <= textValue.length && sp.s < sp.e) { cuts.add(sp.s); cuts.add(sp.e); } });
    const sorted = Array.from(cuts).sort(function (a, b) { return a - b; });
    out.replaceChildren();
    for (let k = 0; k + 1 < sorted.length; k++) {
      const lo = sorted[k], hi = sorted[k + 1];
      const piece = textValue.slice(lo, hi);
      const covering = spans.filter(function (sp) { return sp.s <= lo && hi <= sp.e; });
      if (!covering.length) { out.appendChild(document.createTextNode(piece)); continue; }
      const el = document.createElement("span");
      el.textContent = piece;
      el.className = covering.map(function (sp) { return sp.cls; }).join(" ");
      el.title = covering.map(function (sp) { return sp.title; }).join("; ");
      out.appendChild(el);
    }
  }

  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    const body = {
      text: area.value,
      title: document.getElementById("an-title").value || null,
      published: published.value || null,
      store: document.getElementById("an-store").checked,
    };
    if (!body.text.trim()) { say("Paste some text first.", true); area.focus(); return; }
    if (byteLength(body.text) > maxBytes) { say("The text is longer than " + maxBytes.toLocaleString() + " bytes; split it.", true); return; }
    const button = document.getElementById("an-submit");
    button.disabled = true;
    say("Analysing… (the first analysis loads the language model and takes longer)");
    try {
      const resp = await fetch("/api/analyze", {
        method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify(body), credentials: "same-origin",
      });
      const data = await resp.json();
      if (!resp.ok) {
        const err = data.error || {};
        let detail = err.detail;
        if (Array.isArray(detail)) detail = detail.map(function (d) { return (d.loc || []).join(".") + ": " + d.msg; }).join("; ");
        say("Error " + (err.status || resp.status) + ": " + (err.message || resp.statusText) + (detail ? " — " + detail : ""), true);
        return;
      }
      const a = data.analysis;
      say(a.events.length + " events, " + a.actors.length + " actor mentions, " + a.quotes.length + " quotes found.");
      document.getElementById("an-result").hidden = false;
      const link = document.getElementById("an-link");
      link.replaceChildren();
      if (data.url) {
        const l = document.createElement("a");
        l.href = data.url; l.textContent = "Open the stored article view";
        link.appendChild(l);
      } else {
        link.textContent = "Not saved.";
      }
      renderText(a.doc.text, a.events, a.actors);
      const list = document.getElementById("an-events");
      list.replaceChildren();
      a.events.forEach(function (e) {
        const li = document.createElement("li");
        li.className = "q" + (e.quad || 0);
        li.innerHTML = "";
        const strong = document.createElement("strong");
        strong.textContent = e.event_type;
        const span = document.createElement("span");
        span.className = "muted small";
        span.textContent = " " + label(e.actor) + " → " + label(e.recipient) + (e.quad ? " · " + QUADS[e.quad] : "");
        const q = document.createElement("div");
        q.className = "small";
        q.textContent = e.evidence;
        li.append(strong, span, q);
        list.appendChild(li);
      });
      if (!a.events.length) {
        const li = document.createElement("li");
        li.textContent = "No events found.";
        list.appendChild(li);
      }
    } catch (e) {
      say("The request failed: " + e, true);
    } finally {
      button.disabled = false;
    }
  });
})();
