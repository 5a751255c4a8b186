"""The dashboard in a real browser: Playwright driving Debian's Chromium against a live server.

With COUNTERCLAIM_SCREENSHOTS=1, screenshots of each view are written to docs/ (the README shows them).
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from live_server import FOUNDING, TOKEN, ingest_founding, serve, xss_document

CHROMIUM = Path("/usr/bin/chromium")
DOCS = Path(__file__).resolve().parents[2] / "docs"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c)).lower()


@pytest.fixture(scope="module")
def site_db(tmp_path_factory):
    """A store with the founding article, linked."""
    if not FOUNDING.exists():
        pytest.skip("../shared (the founding article) is not beside the repository")
    db = str(tmp_path_factory.mktemp("dashboard") / "claims.db")
    ingest_founding(db)
    return db


@pytest.fixture(scope="module")
def site(site_db):
    with serve(site_db) as base:
        yield base


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1440, "height": 980}, base_url=site, accept_downloads=True)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()


def ready(page, path: str) -> None:
    page.goto(path)
    page.wait_for_selector("body[data-ready='1']")


def params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def shot(page, name: str, full: bool = False) -> None:
    """Screenshot the view; into docs/ when $COUNTERCLAIM_SCREENSHOTS is set (the README's pictures),
    else only to check that the page renders."""
    import os
    import tempfile

    folder = DOCS if os.environ.get("COUNTERCLAIM_SCREENSHOTS") else Path(tempfile.gettempdir())
    folder.mkdir(exist_ok=True)
    page.wait_for_timeout(150)
    page.screenshot(path=str(folder / name), full_page=full)


def test_map_shows_panjshir_and_parian_contested(page):
    ready(page, "/")
    page.wait_for_selector("#map .place[data-status=contested]")
    contested = page.eval_on_selector_all("#map .place[data-status=contested]",
                                          "els => els.map(e => e.dataset.name + '|' + e.dataset.text)")
    names = fold(" ".join(contested))
    assert "panjshir" in names and "parian" in names
    assert page.locator("#map path.place-shape").count() >= 2, "provinces and districts drawn from polygons"
    page.click("#map .place[data-text=Parian] circle")
    page.wait_for_selector("#place-panel .ledger li")
    assert "re-captured the Parian" in page.inner_text("#place-panel")
    assert params(page)["place_id"]
    shot(page, "dashboard-map.png", full=True)
    assert not page.problems


def test_parian_claim_in_its_sentence_with_the_taliban_contradiction(page):
    ready(page, "/")
    page.click("#map .place[data-text=Parian] circle")
    page.click("#place-panel .ledger li:has-text('re-captured the Parian')")
    page.wait_for_selector("#doc-text .m-content")
    content = page.eval_on_selector_all("#doc-text .m-content", "els => els.map(e => e.textContent).join('')")
    assert content.startswith("that the resistance forces had re-captured the Parian district")
    assert "Parian" in page.eval_on_selector_all("#doc-text .m-place", "els => els.map(e => e.textContent)")
    assert page.inner_text("#doc-text .m-claimant") == "the leader of the Resistance Front"
    assert page.inner_text("#doc-text .m-cue") == "saying"
    sentence = page.eval_on_selector_all("#doc-text .m-sentence", "els => els.map(e => e.textContent).join('')")
    assert "denied the Taliban’s claim in a tweet" in sentence and "reported TOLO News" in sentence
    assert "TOLO News" in page.inner_text("#claim-side .chain")
    contradicting = page.locator("#claim-side .related li[data-kind=contradicts]")
    assert contradicting.count() >= 1
    assert contradicting.first.locator(".chip.side").inner_text() == "taliban"
    assert params(page)["view"] == "claim"
    shot(page, "dashboard-claim.png")
    first_id = params(page)["claim"]
    contradicting.first.click()
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('claim') !== '{first_id}'")
    page.wait_for_selector("#claim-side .related li[data-kind=contradicts]")
    assert page.locator("#claim-side .chip.side").first.inner_text() == "taliban"
    assert not page.problems


def test_filter_by_side_persists_in_the_url_and_exports(page):
    ready(page, "/?view=claims")
    page.wait_for_selector("#claims-table tbody tr")
    every = page.locator("#claims-table tbody tr").count()
    page.select_option("#filters select[name=side]", "nrf")
    page.wait_for_function("() => [...document.querySelectorAll('#claims-table tbody tr')].every(r => r.dataset.side === 'nrf')")
    rows = page.locator("#claims-table tbody tr").count()
    assert 0 < rows < every and params(page)["side"] == "nrf"
    shot(page, "dashboard-claims.png")
    page.reload()  # the filter lives in the URL: a shared link shows the same
    page.wait_for_selector("#claims-table tbody tr")
    assert page.input_value("#filters select[name=side]") == "nrf"
    assert page.locator("#claims-table tbody tr").count() == rows
    with page.expect_download() as download:
        page.click("#export-csv")
    exported = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert len(exported) == rows and {r["side"] for r in exported} == {"nrf"}
    with page.expect_download() as download:
        page.click("#export-geojson")
    assert '"FeatureCollection"' in Path(download.value.path()).read_text(encoding="utf-8")
    assert not page.problems


def test_timeline_brush_filters_everything(page):
    ready(page, "/?view=board")
    page.wait_for_selector("#timeline rect.bar[data-day='2021-09-05']")
    a = page.locator("#timeline rect.bar[data-day='2021-09-05']").first.bounding_box()
    b = page.locator("#timeline rect.bar[data-day='2021-09-06']").first.bounding_box()
    y = a["y"] + a["height"] - 2
    page.mouse.move(a["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] / 2, y, steps=5)
    page.mouse.up()
    page.wait_for_function("() => new URLSearchParams(location.search).get('until') !== null")
    assert (params(page)["since"], params(page)["until"]) == ("2021-09-05", "2021-09-06")
    page.wait_for_selector("#board .prop[data-status=contested]")
    assert page.input_value("#filters input[name=since]") == "2021-09-05"
    head = page.locator("#board .prop").first
    assert {"taliban", "nrf"} <= set(head.locator(".side-head .chip.side").all_inner_texts())
    assert head.locator(".links li[data-kind=contradicts] .reason").count() >= 1
    shot(page, "dashboard-board.png")
    assert not page.problems


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A server over a store holding only an article whose title, body and outlet carry payloads."""
    db = str(tmp_path_factory.mktemp("hostile") / "claims.db")
    ingest_founding(db, extra=[xss_document()], founding=False)
    with serve(db) as base:
        yield base


def test_untrusted_article_text_never_runs(browser, hostile):
    context = browser.new_context(viewport={"width": 1440, "height": 980}, base_url=hostile)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    found = httpx.get(f"{hostile}/api/claims", params={"q": "Spin Boldak"}).json()["items"]
    assert found, "the payload article has a claim"
    visits = ["/", "/?view=board", "/?view=claims&q=Spin%20Boldak", f"/?view=claim&claim={found[0]['id']}",
              "/?view=claims&outlet=" + "Evil"]
    for path in visits:
        ready(page, path)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None, path
        injected = page.evaluate("""() => document.querySelectorAll(
            'main img, main script, [onerror], [onload], [onmouseover], #stats img, svg svg').length""")
        assert injected == 0, path
        assert page.evaluate("document.scripts.length") == 1, path
    ready(page, f"/?view=claim&claim={found[0]['id']}")
    page.wait_for_selector("#article .doc-title")
    title = page.inner_text("#article .doc-title")
    assert "<script>" in title and "onerror=" in title, "shown as text, not run"
    assert "<script>" in page.inner_text("#doc-text")
    assert page.evaluate("window.__xss") is None
    assert not page.problems
    context.close()


def test_static_report_is_self_contained_and_inert(page, tmp_path):
    from click.testing import CliRunner

    from counterclaim.cli import main

    if not FOUNDING.exists():
        pytest.skip("../shared (the founding article) is not beside the repository")
    db = str(tmp_path / "report.db")
    ingest_founding(db, extra=[xss_document()])
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<link" not in html and not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html), "nothing fetched"
    page.goto(out.as_uri())
    page.wait_for_selector(".prop.contested")
    assert "Parian" in page.inner_text(".prop.contested")
    assert page.locator("svg.map g.place[data-status=contested]").count() >= 2
    assert "<script>" in page.inner_text("table") and page.evaluate("window.__xss") is None
    page.fill("#q", "Parian")
    assert page.locator("tbody tr:visible").count() >= 1
    assert page.locator("tbody tr:visible").count() < page.locator("tbody tr").count()
    page.fill("#q", "")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "report.png")
    assert not page.problems


def test_upload_needs_the_token_and_adds_an_article(page):
    ready(page, "/?view=upload")
    page.fill("#upload-form textarea[name=text]",
              "The Taliban said on Tuesday that they had taken control of the Paryan district of Panjshir province.")
    page.fill("#upload-form input[name=title]", "Taliban say Paryan taken")
    page.fill("#upload-form input[name=published]", "2021-09-07")
    page.fill("#upload-form input[name=token]", "wrong")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-result .error")
    assert "401" in page.inner_text("#upload-result")
    page.fill("#upload-form input[name=token]", TOKEN)
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-result p:has-text('1 added')", timeout=60000)
    assert re.search(r"\d+ claim\(s\) stored", page.inner_text("#upload-result"))
    shot(page, "dashboard-upload.png")
    assert not page.problems


def test_an_invalid_since_is_flagged_not_drawn(page):
    ready(page, "/?view=board&since=2021-13-45&until=yesterday")
    page.wait_for_selector("#timeline rect.bar")
    drawn = page.inner_html("#timeline")
    assert "NaN" not in drawn and "Infinity" not in drawn
    assert page.evaluate("document.body.dataset.ignored") == "since until"
    assert "not a date" in page.inner_text("#toast")
    assert page.locator("#board .prop").count() >= 1, "the board shows, without the bad dates"
    assert page.input_value("#filters input[name=since]") == ""
    assert not page.problems


@pytest.fixture(scope="module")
def stray(tmp_path_factory):
    """A server over a war's coverage of one week (Soledar, January 2023) and one article from a
    year before: the stray date must not stretch the timeline."""
    from click.testing import CliRunner

    from counterclaim.cli import main

    articles = FOUNDING.parents[1] / "data" / "ledger" / "soledar-2023-01" / "articles"
    if not articles.is_dir():
        pytest.skip(f"{articles} is absent")
    folder = tmp_path_factory.mktemp("stray")
    (folder / "old.txt").write_text("Shelling of Kharkiv\n\nUkraine's military said on Monday that Russian forces "
                                    "shelled Kharkiv overnight, killing two civilians.\n", encoding="utf-8")
    (folder / "old.meta.json").write_text('{"published": "2022-02-28", "outlet": "Example"}', encoding="utf-8")
    db = str(folder / "claims.db")
    for path in (articles, folder / "old.txt"):
        result = CliRunner().invoke(main, ["ingest", str(path), "--db", db, "--processes", "1", "--no-progress"])
        assert result.exit_code == 0, result.output
    with serve(db) as base:
        yield base


def test_the_timeline_fits_where_the_claims_are(browser, stray):
    context = browser.new_context(viewport={"width": 1440, "height": 980}, base_url=stray)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    ready(page, "/")
    days = httpx.get(f"{stray}/api/timeline").json()
    assert any(d["day"].startswith("2022-02") for d in days) and any(d["day"].startswith("2023-01") for d in days)
    page.wait_for_selector("#timeline rect.bar")
    drawn = sorted({d for d in page.eval_on_selector_all("#timeline rect.bar", "els => els.map(e => e.dataset.day)")})
    assert drawn and drawn[0] >= "2023-01-01" and drawn[-1] <= "2023-01-31", drawn
    ticks = page.eval_on_selector_all("#timeline text.tick", "els => els.map(e => e.textContent)")
    assert all(t.startswith("01-") for t in ticks if "-" in t), ticks   # the axis is January's
    outliers = page.locator("#timeline-outliers button")
    listed = outliers.all_inner_texts()
    assert any(t.startswith("2022-02-") for t in listed), listed
    # a listed day is one click away
    stray_day = next(b for b in outliers.all() if b.inner_text().startswith("2022-02-"))
    day = stray_day.get_attribute("data-day")
    stray_day.click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('until') !== null")
    assert (params(page)["since"], params(page)["until"]) == (day, day)
    assert not problems
    context.close()


def test_every_place_on_the_map_stays_clickable(browser, stray):
    """Places close together (Soledar and Bakhmut are 15 km apart) are drawn so that each mark's
    centre is its own: a click there opens that place, whichever was drawn last."""
    context = browser.new_context(viewport={"width": 1440, "height": 980}, base_url=stray)
    page = context.new_page()
    ready(page, "/")
    page.wait_for_selector("#map g.place")
    found = page.evaluate("""() => [...document.querySelectorAll('#map g.place')].map(g => {
        const c = g.querySelector('circle:not(.anchor)'), m = c.getScreenCTM();
        const p = new DOMPoint(+c.getAttribute('cx'), +c.getAttribute('cy')).matrixTransform(m);
        const hit = document.elementFromPoint(p.x, p.y);
        return [g.dataset.name, hit && hit.closest('g.place') ? hit.closest('g.place').dataset.id : null, g.dataset.id, hit ? hit.tagName + '.' + hit.getAttribute('class') : null];
    })""")
    assert len(found) >= 5 and {"Soledar", "Bakhmut"} <= {name for name, *_ in found}
    covered = [(name, what) for name, hit, own, what in found if hit != own]
    assert covered == [], covered
    context.close()


WARS = {  # one short article per war: a region of each country named as the place of a claim
    "ua": "Fighting in Donetsk\n\nUkraine's military said on Tuesday that Russian forces shelled towns across "
          "Donetsk Oblast overnight, killing three civilians.\n",
    "sd": "Clashes in Darfur\n\nThe Sudanese army said on Tuesday that the Rapid Support Forces attacked El Fasher "
          "in North Darfur, killing 12 people.\n",
    "af": "Fighting in the north\n\nA Taliban spokesman said on Tuesday that their fighters had captured Panjshir "
          "province.\n",
}


@pytest.fixture(scope="module")
def wars(tmp_path_factory):
    """A server over three wars on two continents: Ukraine, Sudan and Afghanistan."""
    from click.testing import CliRunner

    from counterclaim.cli import main

    folder = tmp_path_factory.mktemp("wars")
    for name, text in WARS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text('{"published": "2024-05-07", "outlet": "Example"}', encoding="utf-8")
    db = str(folder / "claims.db")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "--processes", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    with serve(db) as base:
        yield base


def test_the_map_draws_each_war_with_its_country_and_regions(browser, wars):
    """Any war on the map: the outline and first-level regions of Ukraine, Sudan and Afghanistan (with
    Afghan districts), each region a claim names filled, and the view fitted to the three."""
    context = browser.new_context(viewport={"width": 1440, "height": 980}, base_url=wars)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    ready(page, "/")
    page.wait_for_selector("#map g.place")

    def drawn(layer: str) -> dict[str, int]:
        codes = page.eval_on_selector_all(f"#map .{layer} path", "els => els.map(e => e.dataset.country)")
        return {code: codes.count(code) for code in set(codes)}

    countries, regions, districts = drawn("land"), drawn("provinces"), drawn("districts")
    assert {"UA", "SD", "AF"} <= set(countries), countries
    assert {"RU", "EG", "IR"} <= set(countries), "the neighbours are drawn too"
    assert regions.get("UA", 0) >= 24 and regions.get("SD", 0) >= 15 and regions.get("AF", 0) >= 30, regions
    assert districts.get("AF", 0) >= 300 and set(districts) == {"AF"}, "districts are Afghanistan's alone"
    assert not regions.get("IR") and not regions.get("EG"), "only the places' countries get their regions"
    filled = {fold(n) for n in page.eval_on_selector_all(
        "#map path.place-shape title", "els => els.map(e => e.textContent.split(':')[0])")}
    assert {"donetsk", "northern darfur", "panjshir"} <= filled, filled
    # the view fits the places finer than a country: those are all inside it
    outside = page.locator("#map-legend .outside").all_inner_texts()
    assert all("(country," in text for text in outside), outside
    shot(page, "dashboard-world.png", full=True)
    # a filter to one war refits the map to it, and asks for that country's regions only
    page.goto("/?q=Darfur")
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_function("() => !document.querySelector('#map .provinces path[data-country=UA]')")
    assert drawn("provinces").get("SD", 0) >= 15
    assert not problems
    context.close()
