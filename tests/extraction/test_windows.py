"""Long articles analysed in windows: the same claims as a whole parse where windows do not cut
context, spans in the article's coordinates, claims numbered across the article."""
from __future__ import annotations

from pathlib import Path

import pytest

import counterclaim
from counterclaim.extraction import extract as extract_module
from counterclaim.extraction.windows import windows

ARTICLE = ("Kyiv said on Sunday that Russian forces had failed to take Soledar. Moscow denied the claim.\n\n"
           "\"We hold the town,\" Serhiy Cherevatyi, a spokesman for Ukraine's Eastern Military Command, told "
           "Reuters. The Wagner group said its fighters had captured the salt mines.\n\n")


def test_windows_cover_the_text_and_cut_at_paragraphs() -> None:
    text = "".join(f"Paragraph {n} says something about the war.\n\n" for n in range(500))
    cuts = windows(text, size=1000)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:]))
    assert all(end - start <= 1000 for start, end in cuts)
    assert all(text[end - 2:end] == "\n\n" for _, end in cuts[:-1])
    # no break in reach: a hard cut at the size
    assert windows("x" * 2500, size=1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def copies(n: int) -> str:
    """The article n times, each copy but the last with words of its own (a passage printed twice
    word for word is one claim)."""
    return "".join(ARTICLE.replace("salt mines", f"salt mines of shaft {k}").replace("take Soledar", f"take Soledar from {k} sides")
                   for k in range(n - 1)) + ARTICLE


def test_a_long_article_gives_each_window_the_claims_of_its_text(monkeypatch) -> None:
    text = copies(12)
    whole = counterclaim.extract(ARTICLE, published="2023-01-12")
    monkeypatch.setattr(extract_module, "WINDOW_CHARS", 3 * len(ARTICLE))
    monkeypatch.setattr("counterclaim.extraction.windows.WINDOW_CHARS", 3 * len(ARTICLE))
    long = counterclaim.extract(text, published="2023-01-12")
    assert len(long.claims) == 12 * len(whole.claims) and len(whole.claims) >= 3
    assert [c.id for c in long.claims] == [f"c{n}" for n in range(1, len(long.claims) + 1)]
    for claim in long.claims:   # every span points at its words in the whole article
        assert text[claim.span[0]:claim.span[1]] == claim.text
        assert text[claim.cue.span[0]:claim.cue.span[1]] == claim.cue.text
        if claim.claimant.span:
            assert text[claim.claimant.span[0]:claim.claimant.span[1]] == claim.claimant.text
        for place in claim.places:
            assert text[place.span[0]:place.span[1]] == place.text
    # a denial points at the claim it denies, renumbered
    ids = {c.id for c in long.claims}
    denials = [c for c in long.claims if c.denies]
    assert len(denials) == 12 * sum(1 for c in whole.claims if c.denies) > 0
    assert all(d in ids and int(d[1:]) < int(c.id[1:]) for c in denials for d in c.denies)
    last = [c for c in long.claims if c.span[0] >= len(text) - len(ARTICLE)]
    assert [(c.text, c.claimant.name, c.polarity) for c in last] == \
        [(c.text, c.claimant.name, c.polarity) for c in whole.claims]
    assert (long.primary.type, long.primary.acled) == (whole.primary.type, whole.primary.acled)


def test_extract_many_takes_a_long_article_in_its_place(monkeypatch) -> None:
    monkeypatch.setattr(extract_module, "WINDOW_CHARS", 2 * len(ARTICLE))
    monkeypatch.setattr("counterclaim.extraction.windows.WINDOW_CHARS", 2 * len(ARTICLE))
    docs = [extract_module.make_document(t, id=name, published="2023-01-12")
            for name, t in (("short", ARTICLE), ("long", copies(5)), ("after", ARTICLE))]
    out = list(extract_module.extract_many(docs, batch_size=4))
    assert [r.document.id for r in out] == ["short", "long", "after"]
    assert len(out[1].claims) == 5 * len(out[0].claims)


@pytest.mark.slow
def test_the_memory_benchmark_runs(shared: Path) -> None:
    """benchmarks/memory.py prints a row per size (a small size, to keep the suite quick)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, str(root / "benchmarks" / "memory.py"), "--sizes", "0.12",
                          "--whole-up-to", "0"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "baseline:" in out.stdout and "0.12 MB  windowed" in out.stdout
