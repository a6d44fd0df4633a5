// novex kaarteditor: een claim tekenen, van vorm veranderen en verplaatsen op een kaart in RD New
// (EPSG:28992, via proj4), met vangen (snap) aan bestaande randen. Configuratie via data-attributen van
// het element [data-kaart-editor] (zie templates/kaart_editor_macros.html.j2). De kaart schrijft de vorm
// als GeoJSON (RD New) in het verborgen veld én als coördinaten in het tekstvak; wat iemand in het tekstvak
// typt, verschijnt op de kaart. Zonder OpenLayers (nog niet opgehaald, of geen script) blijven het tekstvak
// en het bestandsveld: de server controleert alles zoals bij een import.
"use strict";
(function () {
  const RD = "EPSG:28992";
  const RD_DEF = "+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 " +
    "+y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs";
  const RD_EXTENT = [-285401.92, 22598.08, 595401.92, 903401.92];
  const RESOLUTIONS = Array.from({ length: 15 }, (_, z) => 3440.64 / 2 ** z);
  const PDOK = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:28992/{TileMatrix}/{TileCol}/{TileRow}.png";
  const CRS_RD = { type: "name", properties: { name: RD } };

  function element(root, key) { return document.getElementById(root.dataset[key] || ""); }

  function say(root, text) {
    const status = element(root, "status");
    if (status) status.textContent = text;
  }

  // --- tekst → geometrie (dezelfde vormen als de server leest: novex.geo.geometrie_tekst) ---------------
  function number(token) {
    const v = Number(token.trim().replace(/,$/, "").replace(",", "."));
    if (!Number.isFinite(v) || token.trim() === "") throw new Error("geen getal");
    return v;
  }

  function pair(line) {
    let tokens;
    if (line.includes(";")) tokens = line.split(";").filter(t => t.trim());
    else if (/\s/.test(line)) tokens = line.split(/\s+/);
    else tokens = line.split(",");
    if (tokens.length !== 2) throw new Error("geen paar");
    return [number(tokens[0]), number(tokens[1])];
  }

  function pairsGeometry(text) {
    const parts = [[]];
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line) { if (parts[parts.length - 1].length) parts.push([]); continue; }
      if (line.startsWith("#")) continue;
      parts[parts.length - 1].push(pair(line));
    }
    let rings = parts.filter(p => p.length);
    const all = rings.flat();
    let source = RD;
    if (all.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90)) {
      source = "EPSG:4326";
      if (all.every(([x, y]) => x >= 50 && x <= 54 && y >= 3 && y <= 8)) rings = rings.map(r => r.map(([x, y]) => [y, x]));
    }
    const polygons = rings.map(ring => {
      const open = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
      if (open.length < 3) throw new Error("te weinig hoekpunten");
      return [[...open, open[0]]];
    });
    const geometry = polygons.length === 1 ? new ol.geom.Polygon(polygons[0]) : new ol.geom.MultiPolygon(polygons);
    return geometry.transform(source, RD);
  }

  function geojsonGeometry(text) {
    let data = JSON.parse(text);
    const name = data && data.crs && data.crs.properties ? String(data.crs.properties.name || "") : "";
    const source = /28992/.test(name) ? RD : "EPSG:4326";
    if (data.type === "FeatureCollection") {
      if (!data.features || data.features.length !== 1) throw new Error("niet één feature");
      data = data.features[0];
    }
    if (data.type === "Feature") data = data.geometry;
    if (!data || !["Polygon", "MultiPolygon"].includes(data.type)) throw new Error("geen vlak");
    return new ol.format.GeoJSON().readGeometry(data, { dataProjection: source, featureProjection: RD });
  }

  function wktGeometry(text) {
    const found = /^\s*(?:SRID=(\d+)\s*;)?\s*((?:MULTI)?POLYGON\b[\s\S]*)$/i.exec(text);
    if (!found) return null;
    const source = found[1] ? `EPSG:${found[1]}` : RD;
    if (!ol.proj.get(source)) throw new Error("onbekend stelsel");
    return new ol.format.WKT().readGeometry(found[2], { dataProjection: source, featureProjection: RD });
  }

  function parseText(text) {
    const t = text.trim();
    if (!t) return null;
    if (t[0] === "{") return geojsonGeometry(t);
    return wktGeometry(t) || pairsGeometry(t);
  }

  // --- geometrie → tekst (zoals de server haar in het tekstvak zet) ---------------------------------------
  function mm(v) { return String(Math.round(v * 1000) / 1000); }

  function asText(geometry) {
    if (geometry.getType() === "Polygon" && geometry.getLinearRingCount() === 1) {
      return geometry.getCoordinates()[0].slice(0, -1).map(([x, y]) => `${mm(x)} ${mm(y)}`).join("\n");
    }
    return new ol.format.WKT().writeGeometry(geometry, { decimals: 3 });
  }

  function asGeoJSON(geometry) {
    const object = new ol.format.GeoJSON().writeGeometryObject(geometry, { decimals: 3 });
    return JSON.stringify({ ...object, crs: CRS_RD });
  }

  // --- de kaart --------------------------------------------------------------------------------------------
  const STYLES = {};
  function contextStyle(feature) {
    const soort = feature.get("soort");
    if (!STYLES[soort]) {
      const { Style, Stroke, Fill } = ol.style;
      STYLES[soort] = {
        provincie: new Style({ stroke: new Stroke({ color: "#154273", width: 2.5 }) }),
        gemeente: new Style({ stroke: new Stroke({ color: "#6b7785", width: 1, lineDash: [4, 3] }) }),
        claim: new Style({ stroke: new Stroke({ color: "#4d4d4d", width: 1.2 }), fill: new Fill({ color: "rgba(89, 89, 89, 0.18)" }) }),
      }[soort] || new Style({ stroke: new Stroke({ color: "#4d4d4d", width: 1 }) });
    }
    return STYLES[soort];
  }

  function editStyle() {
    const { Style, Stroke, Fill, Circle } = ol.style;
    return [
      new Style({ stroke: new Stroke({ color: "#ffffff", width: 5 }) }),
      new Style({ stroke: new Stroke({ color: "#7a2e8e", width: 3 }), fill: new Fill({ color: "rgba(122, 46, 142, 0.25)" }),
                  image: new Circle({ radius: 5, fill: new Fill({ color: "#7a2e8e" }), stroke: new Stroke({ color: "#fff", width: 1.5 }) }) }),
    ];
  }

  function background() {
    const matrixIds = RESOLUTIONS.map((_, z) => String(z).padStart(2, "0"));
    return new ol.layer.Tile({
      source: new ol.source.WMTS({
        url: PDOK, requestEncoding: "REST", layer: "grijs", matrixSet: "EPSG:28992", format: "image/png", style: "default",
        projection: RD, attributions: "Kaartgegevens © Kadaster",
        tileGrid: new ol.tilegrid.WMTS({ origin: [RD_EXTENT[0], RD_EXTENT[3]], resolutions: RESOLUTIONS, matrixIds }),
      }),
    });
  }

  function init(root) {
    const hidden = element(root, "doel"), textarea = element(root, "tekst"), target = element(root, "kaart");
    const notice = element(root, "melding"), tools = element(root, "knoppen");
    if (!window.ol || !window.proj4 || !target) {
      if (notice) notice.hidden = false;
      if (target) target.hidden = true;
      if (tools) tools.hidden = true;
      return;
    }
    proj4.defs(RD, RD_DEF);
    ol.proj.proj4.register(proj4);
    ol.proj.get(RD).setExtent(RD_EXTENT);

    const format = new ol.format.GeoJSON({ dataProjection: RD, featureProjection: RD });
    const contextBlock = element(root, "context");
    const contextSource = new ol.source.Vector({
      features: contextBlock ? format.readFeatures(JSON.parse(contextBlock.textContent || "null") || { type: "FeatureCollection", features: [] }) : [],
    });
    const editSource = new ol.source.Vector();
    const editLayer = new ol.layer.Vector({ source: editSource, style: editStyle() });
    const layers = [new ol.layer.Vector({ source: contextSource, style: contextStyle }), editLayer];
    if (document.body.dataset.achtergrond === "pdok") layers.unshift(background());

    const view = new ol.View({ projection: RD, resolutions: RESOLUTIONS, constrainResolution: false });
    const map = new ol.Map({
      target, layers, view,
      controls: ol.control.defaults.defaults({
        rotate: false, attributionOptions: { collapsible: false },
        zoomOptions: { zoomInTipLabel: "Inzoomen", zoomOutTipLabel: "Uitzoomen" },
      }),
    });
    root.kaart = map;  // voor tests en voor pagina's die de editor hergebruiken

    const draw = new ol.interaction.Draw({ source: editSource, type: "Polygon" });
    const modify = new ol.interaction.Modify({ source: editSource });
    const translate = new ol.interaction.Translate({ layers: [editLayer] });
    [draw, modify, translate].forEach(i => map.addInteraction(i));
    map.addInteraction(new ol.interaction.Snap({ source: contextSource }));  // na Draw en Modify: vangt aan randen
    map.addInteraction(new ol.interaction.Snap({ source: editSource }));

    let fromText = false;
    function write() {
      const feature = editSource.getFeatures()[0];
      if (!feature) { hidden.value = ""; if (!fromText) textarea.value = ""; return; }
      hidden.value = asGeoJSON(feature.getGeometry());
      if (!fromText) textarea.value = asText(feature.getGeometry());
    }
    function show(geometry) {
      editSource.clear(true);
      if (geometry) editSource.addFeature(new ol.Feature(geometry));
    }
    function fit() {
      const extent = editSource.getFeatures().length ? editSource.getExtent() : contextSource.getExtent();
      const start = (root.dataset.extent || "").split(",").map(Number);
      const chosen = editSource.getFeatures().length || start.length !== 4 || start.some(Number.isNaN) ? extent : start;
      if (!ol.extent.isEmpty(chosen)) view.fit(ol.extent.buffer(chosen, 200), { padding: [20, 20, 20, 20], maxZoom: 13 });
      else view.fit(RD_EXTENT);
    }

    if (hidden.value) {
      try { show(format.readGeometry(JSON.parse(hidden.value))); } catch (e) { hidden.value = ""; }
    } else if (textarea.value.trim()) {
      try { fromText = true; show(parseText(textarea.value)); write(); } catch (e) { /* de server noemt wat er mis is */ } finally { fromText = false; }
    }
    fit();

    draw.on("drawend", () => {  // vóór het toevoegen: het nieuwe vlak vervangt het vorige
      show(null);
      say(root, "Vlak getekend. U kunt het nu van vorm veranderen of verplaatsen.");
    });
    editSource.on("addfeature", write);
    modify.on("modifyend", () => { write(); say(root, "Vorm aangepast."); });
    translate.on("translateend", () => { write(); say(root, "Vlak verplaatst."); });

    let typing = null;
    function readText() {
      clearTimeout(typing);
      fromText = true;
      try {
        const geometry = parseText(textarea.value);
        show(geometry);
        write();
        if (geometry) { fit(); say(root, "De kaart toont nu de ingevoerde vorm."); }
      } catch (e) {
        hidden.value = "";
        say(root, "De kaart kan deze invoer niet tonen; bij opslaan controleert novex haar en zegt wat er mis is.");
      } finally { fromText = false; }
    }
    textarea.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(readText, 600); });
    textarea.addEventListener("change", readText);

    const buttons = root.querySelectorAll("[data-modus]");
    function setMode(mode) {
      draw.setActive(mode === "tekenen");
      modify.setActive(mode === "aanpassen");
      translate.setActive(mode === "verplaatsen");
      buttons.forEach(b => b.setAttribute("aria-pressed", String(b.dataset.modus === mode)));
    }
    buttons.forEach(b => b.addEventListener("click", () => setMode(b.dataset.modus)));
    setMode(editSource.getFeatures().length ? "aanpassen" : "tekenen");

    root.querySelectorAll("[data-actie]").forEach(b => b.addEventListener("click", () => {
      if (b.dataset.actie === "wissen") { draw.abortDrawing(); show(null); write(); say(root, "Tekening gewist."); }
      else if (b.dataset.actie === "punt-terug") draw.removeLastPoint();
      else if (b.dataset.actie === "passend") fit();
    }));
    target.addEventListener("keydown", e => {
      if (e.key === "Escape") { draw.abortDrawing(); say(root, "Tekenen afgebroken."); }
    });
  }

  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("[data-kaart-editor]").forEach(init));
})();
