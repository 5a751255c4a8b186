"""Headlines in Title Case ("Taliban Claim Control Of All Districts, Resistance Forces Deny") are
parsed as if written in sentence case: the tagger reads "Claim" and "Deny" in Title Case as names
and finds no speaker and no verb. Only the parse sees the lowered words; the text, the offsets and
every span stay as written (`nlp.text_of` gives the original)."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge.actors import load_actors
from ..knowledge.countries import load_countries
from ..knowledge.gazetteer import known_place
from .cues import load_cues

# short words some Title Case styles leave in lower case
SMALL = {"of", "in", "on", "to", "for", "the", "and", "a", "an", "at", "by", "with", "from", "as", "over", "after"}
WORD = re.compile(r"[A-Za-z][\w'’-]*")


def readable(text: str) -> str:
    """`text` with its first line in sentence case when that line is a Title Case headline, the
    same length as `text`; names (known actors, countries and their people, admin areas and large
    towns) and acronyms keep their capitals."""
    end = text.find("\n")
    if end <= 0:
        return text
    line = text[:end]
    words = list(WORD.finditer(line))
    if len(words) < 4 or not all(m.group(0)[0].isupper() for m in words if m.group(0).lower() not in SMALL):
        return text
    body = text[end:]
    # a source named after a closing colon or dash ("...: Report", "... - General Staff") stays as written
    label = re.search(r"(?::|\s[-–—|])\s*[^:–—|]{1,40}$", line)
    stop = label.start() if label and len(label.group(0).split()) <= 5 else len(line)
    lowered = [m for n, m in enumerate(words) if n and m.start() < stop and m.group(0)[0].isupper()
               and not m.group(0).isupper() and not _name(m.group(0), body)]
    if len(lowered) < 2:   # "Russia says Ukraine ...": sentence case already, or names only
        return text
    out = list(line)
    for m in lowered:
        out[m.start()] = m.group(0)[0].lower()
    return "".join(out) + text[end:]


def _name(word: str, body: str) -> bool:
    """A name to keep capitalised: a known actor, country or people, admin area or capital, or a word the article writes
    capitalised inside its sentences ("... in Soledar"); never a word that can introduce a claim
    ("Claim", "Deny", "Report")."""
    bare = re.sub(r"['’]s$", "", word)
    if bare.lower() in _cue_words():
        return False
    if load_actors().find(bare) or load_countries().find(bare) or known_place(bare, 10**10):
        return True   # an actor, a country or people, an admin area or a capital
    return re.search(rf"[a-z,;]\s+{re.escape(bare)}\b", body) is not None


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    cues = load_cues()
    return frozenset(cues.categories) | cues.nouns | {"says", "claims", "denies", "reports", "rejects"}


def parse_as_read(nlp: Language, text: str) -> Doc:
    """`text` parsed with its headline made readable, its text the original."""
    doc = nlp(readable(text))
    doc.user_data["text"] = text
    return doc


def pipe_as_read(nlp: Language, texts, batch_size: int):
    """`parse_as_read` for a stream of texts."""
    texts = list(texts)
    for text, doc in zip(texts, nlp.pipe((readable(t) for t in texts), batch_size=batch_size)):
        doc.user_data["text"] = text
        yield doc
