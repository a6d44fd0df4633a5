"""Issue 14, findings 3 and 4: a province's own goals in one view with its startpakket as PDF; accessible pages."""

from __future__ import annotations

from html import escape, unescape
from html.parser import HTMLParser

import pytest

from tests.fixtures.clients import PASSWORD, make_clients


@pytest.fixture
def web(settings):
    client = make_clients(settings).anonymous
    client.post("/inloggen", data={"email": "planner@provincie-utrecht.nl", "wachtwoord": PASSWORD},
                follow_redirects=False)  # fmt: skip
    return client


def test_the_goals_of_a_province_and_its_startpakket_need_a_login(settings):
    anonymous = make_clients(settings).anonymous
    for path in ("/catalogus/provincies/PV26", "/catalogus/provincies/PV26/startpakket.pdf"):
        response = anonymous.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/inloggen")


def test_utrecht_sees_all_its_goals_with_theme_value_and_source(web, cat):
    page = web.get("/catalogus/provincies/PV26")
    assert page.status_code == 200
    html = page.text
    text = unescape(html)
    assert "<h1>Doelen van het startpakket voor Utrecht</h1>" in html
    # read by hand from the data files:
    # themas/woningbouw.yaml, national goal, with Utrecht's share from provincies.yaml (Provincie Utrecht)
    assert "Tot en met 2030 zijn er 900.000 woningen in heel Nederland nodig." in text
    assert "Utrecht draagt met 83.500 woningen bij aan de nationale woningbouwopgave tot 2030." in text
    assert '<td class="getal">83.500</td><td>woningen</td><td>2030</td>' in html
    assert "004 · BIJLAGE 4 – Vragen per provincie > Provincie Utrecht" in text
    # a goal for the province itself (werklocaties, Utrecht) and one for a NOVEX area that lies in it (Foodvalley)
    assert "Grootschalige NOVEX-woningbouwlocaties in NOVEX-verstedelijkingsgebied MRU" in text
    assert "Foodvalley-Arnhem-Nijmegen: Foodvalley; Nijmegen Kanaalzone" in text
    assert "20–30% van de vraag accommoderen via" in text
    # a goal for every province (luchtkwaliteit), and area goals the sources do not place, kept apart
    assert "provincies hebben een regiefunctie" in text
    assert 'id="niet-geplaatst"' in html and "Laagveengebieden: toe bewegen naar een grondwaterstand" in text
    # not another province's goals
    assert "Zuid-Holland draagt" not in text and "235.460" not in text
    # every goal of the province is on the page, under its theme
    from novex.catalog.goals import province_goals

    goals = province_goals(cat, "PV26")
    for goal in goals.doelen:
        assert escape(goal.doel.tekst, quote=False) in html, goal.doel.id
    for thema in {g.thema.id: g.thema for g in goals.doelen if g.thema}.values():
        assert f'<h2 id="thema-{thema.id}">{escape(thema.naam, quote=False)}</h2>' in html
    assert 'href="/catalogus/provincies/PV26/startpakket.pdf"' in html


def test_the_startpakket_pdf_and_html_download_from_the_web(web):
    pdf = web.get("/catalogus/provincies/pv26/startpakket.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert 'filename="startpakket-PV26.pdf"' in pdf.headers["content-disposition"]
    assert pdf.content.startswith(b"%PDF")
    page = web.get("/catalogus/provincies/PV26/startpakket.html")
    assert page.status_code == 200 and "Startpakket provincie Utrecht" in page.text
    assert web.get("/catalogus/provincies/PV99").status_code == 404
    assert web.get("/catalogus/provincies/PV99/startpakket.pdf").status_code == 404


class _Structure(HTMLParser):
    """What an accessibility check needs: headings, tables (caption, scope, container), labels."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.headings: list[int] = []
        self.tables: list[dict] = []
        self.labels: set[str] = set()
        self.inputs: list[str] = []
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "main":
            self.in_main = True
        if tag in ("h1", "h2", "h3", "h4") and self.in_main:
            self.headings.append(int(tag[1]))
        if tag == "table":
            box = next((a for t, a in reversed(self.stack) if t == "div" and "tabelvak" in a.get("class", "")), None)
            # a box that scrolls must be reachable by keyboard, and named
            focusable = box is not None and box.get("tabindex") == "0" and bool(box.get("aria-label"))
            self.tables.append({"in_box": focusable, "caption": False, "th_without_scope": 0, "rows_without_th": 0})
        if tag == "caption":
            self.tables[-1]["caption"] = True
        if tag == "th" and "scope" not in attrs:
            self.tables[-1]["th_without_scope"] += 1
        if tag == "tr":
            self._row = {"th": False, "body": any(t == "tbody" for t, _ in self.stack)}
        if tag == "th" and attrs.get("scope") == "row":
            self._row["th"] = True
        if tag == "label" and "for" in attrs:
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.inputs.append(attrs.get("id", ""))
        if tag not in ("input", "br", "img", "meta", "link"):
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "tr" and self._row["body"] and not self._row["th"]:
            self.tables[-1]["rows_without_th"] += 1
        while self.stack and self.stack.pop()[0] != tag:
            pass


def structure(html: str) -> _Structure:
    parsed = _Structure()
    parsed.feed(html)
    return parsed


@pytest.mark.parametrize(
    "path",
    ["/catalogus", "/catalogus?q=woningbouw+utrecht", "/catalogus/themas/woningbouw", "/catalogus/themas/werklocaties",
     "/catalogus/provincies/PV26", "/catalogus/provincies/PV29"],
)  # fmt: skip
def test_catalogue_pages_have_headings_labels_and_accessible_tables(web, path):
    page = structure(web.get(path).text)
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)), page.headings
    assert all(i and i in page.labels for i in page.inputs)
    assert page.tables
    for table in page.tables:
        # a caption, a scope on every header cell, a row header in every body row, and in the scrolling
        # container (.tabelvak, focusable) so that a wide table scrolls inside itself and the page fits 390 px
        assert table == {"in_box": True, "caption": True, "th_without_scope": 0, "rows_without_th": 0}


def test_the_startpakket_document_has_accessible_tables(web):
    html = web.get("/catalogus/provincies/PV26/startpakket.html").text
    page = structure(html)
    assert '<html lang="nl">' in html and 'name="viewport"' in html
    # the site's security policy allows no inline styles: the web page links the document's stylesheet
    assert "<style" not in html and '<link rel="stylesheet" href="/catalogus/startpakket.css">' in html
    css = web.get("/catalogus/startpakket.css")
    assert (
        css.headers["content-type"].startswith("text/css")
        and ".tabelvak { max-width: 100%; overflow-x: auto; }" in css.text
    )
    assert page.tables and all(t["caption"] and t["th_without_scope"] == 0 and t["in_box"] for t in page.tables)
