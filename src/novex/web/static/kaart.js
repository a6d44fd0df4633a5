// novex kaart: zoom/pan via viewBox (RD-metres), lagen aan/uit, details van claims,
// en optioneel de PDOK BRT-achtergrondkaart (grijs, NetherlandsRDNewQuad) onder de vectoren.
"use strict";
(function () {
  const RD_ORIGIN = [-285401.92, 903401.92];
  const RES0 = 3440.64; // m/px at zoom 0, 256 px tiles
  const PDOK = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:28992";

  function viewBox(svg) { return svg.getAttribute("viewBox").split(" ").map(Number); }
  function setViewBox(svg, vb) {
    svg.setAttribute("viewBox", vb.map(v => v.toFixed(0)).join(" "));
    svg.querySelectorAll("g.namen").forEach(g => g.setAttribute("font-size", (vb[2] / 75).toFixed(0)));  // names keep their size
    drawTiles(svg);
  }

  function zoom(svg, factor, cx, cy) {
    const [x, y, w, h] = viewBox(svg);
    const px = cx === undefined ? x + w / 2 : cx, py = cy === undefined ? y + h / 2 : cy;
    setViewBox(svg, [px - (px - x) * factor, py - (py - y) * factor, w * factor, h * factor]);
  }

  function drawTiles(svg) {
    if (svg.dataset.achtergrond !== "pdok") return;
    const g = svg.querySelector("g.achtergrond");
    const [x, y, w] = viewBox(svg);
    const pixels = svg.clientWidth || 800;
    let z = Math.max(0, Math.min(14, Math.round(Math.log2(RES0 * pixels / w))));
    const size = RES0 / 2 ** z * 256;
    const minX = x, maxX = x + w, minY = -(y + viewBox(svg)[3]), maxY = -y;
    const c0 = Math.floor((minX - RD_ORIGIN[0]) / size), c1 = Math.floor((maxX - RD_ORIGIN[0]) / size);
    const r0 = Math.floor((RD_ORIGIN[1] - maxY) / size), r1 = Math.floor((RD_ORIGIN[1] - minY) / size);
    g.replaceChildren();
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > 200) return;
    for (let c = c0; c <= c1; c++) for (let r = r0; r <= r1; r++) {
      const img = document.createElementNS("http://www.w3.org/2000/svg", "image");
      img.setAttribute("href", `${PDOK}/${String(z).padStart(2, "0")}/${c}/${r}.png`);
      img.setAttribute("x", RD_ORIGIN[0] + c * size); img.setAttribute("y", -(RD_ORIGIN[1] - r * size));
      img.setAttribute("width", size); img.setAttribute("height", size);
      g.appendChild(img);
    }
  }

  function zoomTo(svg, path) {
    // The selected claim fills about a third of the map, at least 2 km across.
    const box = path.getBBox();
    const [, , w0, h0] = viewBox(svg);
    const size = Math.max(box.width, box.height * w0 / h0, 2000) * 3;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    setViewBox(svg, [cx - size / 2, cy - size * h0 / w0 / 2, size, size * h0 / w0]);
  }

  function showDetails(path, zoomIn) {
    const panel = document.getElementById("details");
    if (!panel || !path.dataset.claim) return;
    document.querySelectorAll("path.gekozen").forEach(p => p.classList.remove("gekozen"));
    path.classList.add("gekozen");
    const d = path.dataset;
    panel.replaceChildren();
    const h = document.createElement("h3"); h.textContent = d.naam; panel.appendChild(h);
    const dl = document.createElement("dl");
    const rows = [["Claim", d.claim], ["Domein", d.domein], ["Status", d.status], ["Oppervlakte", d.ha + " ha"]];
    if (d.hoeveelheid) rows.push(["Hoeveelheid", d.hoeveelheid]);
    rows.push(["Conflicten", d.conflicten ? "" : "geen"]);
    for (const [k, v] of rows) {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = v;
      if (k === "Conflicten" && d.conflicten) {
        const ul = document.createElement("ul");
        for (const c of d.conflicten.split(" | ")) { const li = document.createElement("li"); li.textContent = c; ul.appendChild(li); }
        dd.appendChild(ul);
      }
      dl.append(dt, dd);
    }
    panel.appendChild(dl);
    if (panel.dataset.bewerken !== undefined && (panel.dataset.bewerken || "").split(" ").includes(d.claim)) {
      const a = document.createElement("a"); a.href = `/claims/${d.claim}/bewerken`; a.textContent = "Bewerken · "; panel.appendChild(a);
    }
    const b = document.createElement("a"); b.href = `#claim-${d.claim}`; b.textContent = "In de tabel"; panel.appendChild(b);
    if (zoomIn) zoomTo(path.ownerSVGElement, path);
  }

  function init(svg) {
    const start = viewBox(svg);
    if (document.body.dataset.achtergrond === "pdok") {
      svg.dataset.achtergrond = "pdok";
      document.querySelectorAll(".pdok-attributie").forEach(e => { e.hidden = false; });
    }
    svg.addEventListener("wheel", e => {
      e.preventDefault();
      const pt = svg.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
      const p = pt.matrixTransform(svg.getScreenCTM().inverse());
      zoom(svg, e.deltaY < 0 ? 0.8 : 1.25, p.x, p.y);
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", e => { drag = { x: e.clientX, y: e.clientY, vb: viewBox(svg) }; });
    svg.addEventListener("pointermove", e => {
      if (!drag) return;
      const scale = drag.vb[2] / svg.clientWidth;
      setViewBox(svg, [drag.vb[0] - (e.clientX - drag.x) * scale, drag.vb[1] - (e.clientY - drag.y) * scale, drag.vb[2], drag.vb[3]]);
    });
    window.addEventListener("pointerup", () => { drag = null; });
    svg.querySelectorAll("path[data-claim]").forEach(p => {
      p.addEventListener("click", () => showDetails(p, true));
      p.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); showDetails(p, true); } });
    });
    document.querySelectorAll(`[data-toon-claim][aria-controls="${svg.id}"]`).forEach(button => button.addEventListener("click", () => {
      const path = svg.querySelector(`path[data-claim="${button.dataset.toonClaim}"]`);
      if (!path) return;
      showDetails(path, true);
      svg.scrollIntoView({ block: "start" });
      path.focus({ preventScroll: true });
    }));
    document.querySelectorAll(`[aria-controls="${svg.id}"][data-zoom]`).forEach(b => b.addEventListener("click", () => {
      if (b.dataset.zoom === "in") zoom(svg, 0.6); else if (b.dataset.zoom === "uit") zoom(svg, 1.6); else setViewBox(svg, start);
    }));
    drawTiles(svg);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-print]").forEach(b => b.addEventListener("click", () => window.print()));
    document.querySelectorAll("svg.kaart").forEach(init);
    document.querySelectorAll("[data-toggle-laag]").forEach(box => box.addEventListener("change", () => {
      document.querySelectorAll(`g[data-laag="${box.dataset.toggleLaag}"]`).forEach(g => g.classList.toggle("verborgen", !box.checked));
    }));
  });
})();

// Conflicten op de kaart (klik, of Tab en Enter): details, de rij in de tabel en — voor wie voor die
// provincie mag signaleren — de link "Nieuw vraagstuk" uit die rij (de server bepaalt of die er is).
(function () {
  function showConflict(path) {
    const panel = document.getElementById("details");
    if (!panel || !path.dataset.conflict) return;
    document.querySelectorAll("path.gekozen").forEach(p => p.classList.remove("gekozen"));
    path.classList.add("gekozen");
    const id = path.dataset.conflict;
    panel.replaceChildren();
    const h = document.createElement("h3"); h.textContent = `Conflict ${id}`; panel.appendChild(h);
    const p = document.createElement("p"); p.textContent = path.getAttribute("aria-label") || ""; panel.appendChild(p);
    const row = document.getElementById(`conflict-${id}`);
    const nieuw = row ? row.querySelector("a[data-nieuw-vraagstuk]") : null;
    if (nieuw) {
      const a = document.createElement("a");
      a.href = nieuw.getAttribute("href"); a.className = "knop knop-klein"; a.textContent = "Nieuw vraagstuk";
      const hidden = document.createElement("span"); hidden.className = "visueel-verborgen"; hidden.textContent = ` uit conflict ${id}`;
      a.appendChild(hidden); panel.appendChild(a);
    }
    if (row) { const b = document.createElement("a"); b.href = `#conflict-${id}`; b.textContent = "In de tabel"; panel.appendChild(b); }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("svg.kaart path[data-conflict]").forEach(p => {
      p.addEventListener("click", () => showConflict(p));
      p.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); showConflict(p); } });
    });
  });
})();

// A refused form comes back with its error summary (tabindex="-1"): move the focus there, so that it is
// read out and in view, also when the form sits halfway down a page.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("main [role='alert'][tabindex='-1']");
  if (summary) summary.focus();
});
