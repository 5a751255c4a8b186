"""The claim view's source: a safe link to the article and a citation to copy, in a real browser
(Playwright driving Debian's Chromium) against a live server."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from live_server import FOUNDING, ingest_founding, serve

CHROMIUM = Path("/usr/bin/chromium")
ARTICLE = FOUNDING.parents[1] / "data" / "ledger" / "panjshir-2021-09" / "articles" / "aninews-all-districts.txt"
EVIL_URL = "javascript:window.__cited=1//https://example.org/"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The founding article (no URL, no outlet), an ANI article with both (read with its .meta.json)
    and an article whose URL is a script."""
    if not ARTICLE.exists():
        pytest.skip("../shared/data/ledger/panjshir-2021-09 is not beside the repository")
    from counterclaim.corpus.ingest import ingest
    from counterclaim.extraction.extract import make_document
    from counterclaim.storage.store import open_store

    db = str(tmp_path_factory.mktemp("citation") / "claims.db")
    with open_store(db) as store:
        ingest([str(ARTICLE)], store)
    evil = make_document("Rebels said on Friday that they had seized the town of Kidal.\n", id="evil-url",
                         title="Kidal", published="2023-01-06", outlet="Evil Outlet", url=EVIL_URL)
    evil.source = "test:evil-url"
    ingest_founding(db, extra=[evil])
    with serve(db) as base:
        yield base


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1440, "height": 980}, base_url=site)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    yield page
    context.close()


def claim_id(site: str, words: str, document: str) -> int:
    hits = httpx.get(f"{site}/api/claims", params={"q": words, "limit": 50}, timeout=60).json()["items"]
    return next(c["id"] for c in hits if c["document"] == document)


def open_claim(page, cid: int) -> None:
    page.goto(f"/?view=claim&claim={cid}")
    page.wait_for_selector("#claim-side #copy-citation")


def test_claim_links_its_article_and_copies_a_citation(page, site):
    meta = json.loads(ARTICLE.with_suffix(".meta.json").read_text(encoding="utf-8"))
    text = ARTICLE.read_text(encoding="utf-8")
    cid = claim_id(site, "Parian", meta["id"])
    open_claim(page, cid)
    link = page.locator("#claim-side a#source-link")
    assert link.get_attribute("href") == meta["url"]
    assert set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    assert link.get_attribute("target") == "_blank"
    page.click("#copy-citation")
    page.wait_for_function("() => document.getElementById('copy-status').textContent === 'Copied.'")
    copied = page.evaluate("navigator.clipboard.readText()")
    # the sentence the claim stands in, as the article writes it
    sentence = next(line.strip() for line in text.splitlines() if "re-captured the Parian" in line)
    assert "\n" not in copied
    for part in (meta["outlet"], meta["published"], meta["url"], f"“{sentence}”"):
        assert part in copied, (part, copied)
    # the same citation is on the page, to read and select
    assert page.inner_text("#citation-text") == copied
    assert not page.problems


def test_claim_without_a_url_has_no_link_but_a_citation(page, site):
    open_claim(page, claim_id(site, "Parian", FOUNDING.stem))
    assert page.locator("#claim-side a#source-link").count() == 0
    assert page.locator("#source-link-missing").is_visible()
    cited = page.inner_text("#citation-text")
    assert "re-captured the Parian district" in cited and "http" not in cited
    assert not page.problems


def test_a_script_url_is_never_a_link(page, site):
    open_claim(page, claim_id(site, "Kidal", "evil-url"))
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("#claim-side a#source-link").count() == 0
    cited = page.inner_text("#citation-text")
    assert "Evil Outlet" in cited and "javascript" not in cited
    page.click("#copy-citation")
    page.wait_for_function("() => document.getElementById('copy-status').textContent === 'Copied.'")
    assert page.evaluate("window.__cited") is None
    assert not page.problems
