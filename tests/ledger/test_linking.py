"""Linking across articles, on claims extracted from real text."""
import counterclaim
from counterclaim.ledger.linking import contested_first, focus, from_json, link_claims


def link_texts(*articles):
    claims = []
    for n, (text, meta) in enumerate(articles):
        doc = counterclaim.extract(text, id=f"a{n}", **meta).to_dict()
        claims += [from_json(doc["document"], c, focus(doc["document"], text)) for c in doc["claims"]]
    return claims, *link_claims(claims)


def kinds(links, a_text, b_text, claims):
    text = {c.key: c.text for c in claims}
    return {l.kind for l in links if ({a_text in text[l.claim], b_text in text[l.other]} == {True}
                                      or {b_text in text[l.claim], a_text in text[l.other]} == {True})}


def test_founding_article_contradictions_and_denials(founding):
    doc = founding["document"]
    claims = [from_json(doc, c, focus(doc)) for c in founding["claims"]]
    props, links = link_claims(claims)
    text = {c.key: c.text for c in claims}
    side = {c.key: c.side for c in claims}
    contra = [l for l in links if l.kind == "contradicts"]
    assert any("all districts" in text[l.claim] + text[l.other] and "re-captured" in text[l.claim] + text[l.other]
               for l in contra)
    assert all(l.reason["rule"] for l in links)
    denials = [l for l in links if l.kind == "denies" and "all districts" in text[l.other]]
    assert {side[l.claim] for l in denials} == {"nrf"} and len({l.claim for l in denials}) >= 2
    top = contested_first(props)[0]
    assert top.status == "contested" and top.family == "territory"
    assert top.sources.get("taliban") and top.sources.get("nrf")
    killed = next(c for c in claims if "1,000" in c.text)
    assert any(q.startswith("casualties|killed|taliban|") for q in killed.answers), "1,000 Taliban fighters killed"
    assert not [l for l in links if l.kind == "corroborates" and side[l.claim] == side[l.other]], \
        "one side is one source"


def test_cross_article_contradiction_corroboration_and_quantities():
    a = ("Houthi fighters captured the town of Harib in Marib province on Monday, the group's spokesman said.",
         {"published": "2021-09-22"})
    b = ("The Yemeni army said on Tuesday that it had retaken Harib in Marib province from the Houthis.",
         {"published": "2021-09-22"})
    c = ("An air strike killed 22 civilians in Harib in Marib province on Monday, the ICRC said.",
         {"published": "2021-09-22"})
    d = ("Local officials said on Monday that at least 60 civilians were killed by an air strike in Harib in Marib province.",
         {"published": "2021-09-22"})
    claims, props, links = link_texts(a, b, c, d)
    assert "contradicts" in kinds(links, "captured the town of Harib", "retaken Harib", claims)
    assert "contradicts" in kinds(links, "22 civilians", "at least 60", claims)
    contested = [p for p in props if p.status == "contested"]
    assert contested
    strike = next(p for p in props if p.casualties)
    assert strike.casualties["killed"]["conservative"] == 22
    assert strike.casualties["killed"]["disputed"] is True


def test_blocking_keeps_other_places_apart():
    a = ("Rebels said they seized the town of Kidal in Mali on Sunday.", {"published": "2023-11-13"})
    b = ("The army said it took control of the town of Bakhmut in Donetsk on Sunday.", {"published": "2023-11-13"})
    claims, props, links = link_texts(a, b)
    keys = {c.key for c in claims}
    assert not [l for l in links if l.claim in keys and l.other in keys and l.kind == "contradicts"]
    assert len([p for p in props if p.family == "territory"]) == 2
