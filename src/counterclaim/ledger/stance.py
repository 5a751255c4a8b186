"""Stance between two texts: does the second agree with, dispute, discuss, or ignore the first?

`Stance.predict(claim, text)` returns a label among `LABELS` and a probability for each. The
first text is a claim or headline; the second an article body, a sentence, or another claim.
Three small heads share one feature extractor:

- `relevance` and `document`: trained on FNC-1 (headline vs. article body), used when the second
  text is long; the first decides related vs. unrelated from similarity features alone, the second
  (trained on related pairs only) decides agree / disagree / discuss;
- `short`: trained on Emergent's training claims (claim vs. article headline, plus shuffled
  unrelated pairs), used when both texts are short, as when the linker compares two claims.

Features (see `Featurizer`): l2-normalised term-frequency vectors of both texts over a fixed
vocabulary, their TF-IDF cosine, the best cosine against any sentence of the second text, word
and n-gram overlap, and counts of refuting, hedging and negation words (in the whole second text
and in its sentences closest to the claim). Each head is a one-hidden-layer ReLU network.
The weights and vocabulary ship in `data/stance/` as .npz and .json; nothing is unpickled or
downloaded. `scripts/train_stance.py` rebuilds them.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = LABELS[:3]
MODEL_DIR = Path(__file__).parent.parent / "data" / "stance"
SHORT_TOKENS = 60  # a second text with at most this many words goes to the `short` head

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CAPITAL = re.compile(r"\b[A-Z][a-zA-Z]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")

# Words that deny or debunk (Riedel et al. 2017 / FNC baseline, extended for conflict reporting).
REFUTING = frozenset("""
fake fraud fraudulent hoax hoaxes false falsely deny denies denied denying denial refute refutes
refuted refuting nope doubt doubts doubted bogus debunk debunks debunked debunking prank pranks
retract retracts retracted retraction untrue unfounded baseless fabricated fabrication rumour
rumours rumor rumors myth misleading dismiss dismisses dismissed reject rejects rejected rebut
rebuts rebutted contradict contradicts contradicted disputes disputed dispute lie lies lied
satire satirical fiction fictional incorrect wrong never""".split())
# Words that report without committing (Ferreira and Vlachos 2016 style hedges and attributions).
HEDGING = frozenset("""
reportedly allegedly alleged claim claims claimed claiming report reports reported according
say says said saying may might could possibly possible perhaps apparently purportedly
supposedly unconfirmed unverified rumoured rumored suggest suggests suggested believed
appears appear seems seem seemingly likely unclear speculation speculate speculated
investigating investigate officials sources source""".split())
NEGATING = frozenset("""
not no never none nobody nothing neither nor cannot can't don't doesn't didn't isn't wasn't
aren't weren't won't wouldn't hasn't haven't hadn't""".split())
STOP = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its
this that these those he she they we you i his her their our your them him us me my who whom
which what when where why how than then so such has have had do does did will would shall
should can also into over after before about up out more most s t just""".split())


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits, with a trailing apostrophe part)."""
    return _TOKEN.findall(text.lower())


def sentences(text: str) -> list[str]:
    """Rough sentence split: after . ! ? followed by space, and at line breaks."""
    return [s for s in _SENTENCE.split(text) if s.strip()]


def _ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


@dataclass
class Featurizer:
    """Turns a (claim, text) pair into sparse term features plus a dense feature vector.

    `vocab` lists words by training frequency; the first `n_input` of them are the term-frequency
    inputs, all of them take part in the TF-IDF cosines (weights `idf`).
    """

    vocab: list[str]
    idf: np.ndarray
    n_input: int

    def __post_init__(self) -> None:
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self._idf = self.idf.tolist()
        self._max_idf = max(self._idf, default=1.0)

    DENSE = (
        "cos", "cos_max_sentence", "cos_lead", "overlap_content", "jaccard", "bigram_overlap",
        "trigram_overlap", "lead_overlap", "refute_claim", "refute_text", "refute_near",
        "hedge_claim", "hedge_text", "hedge_near", "neg_claim", "neg_text", "neg_near",
        "polarity_match", "question_claim", "question_text", "len_claim", "len_text",
        "unknown_claim_words", "idf_overlap", "idf_overlap_max_sentence", "idf_overlap_lead",
        "capital_overlap",
    )

    def _tfidf(self, tokens: Iterable[str]) -> dict[int, float]:
        counts = Counter(self.index[t] for t in tokens if t in self.index)
        vec = {i: (1.0 + math.log(c)) * self._idf[i] for i, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {i: v / norm for i, v in vec.items()}

    def _tf(self, tokens: Iterable[str]) -> tuple[list[int], list[float]]:
        counts = Counter(self.index[t] for t in tokens if t in self.index and self.index[t] < self.n_input)
        norm = math.sqrt(sum(c * c for c in counts.values())) or 1.0
        idx = sorted(counts)
        return idx, [counts[i] / norm for i in idx]

    def text_part(self, text: str) -> dict:
        """Everything about the second text that does not depend on the claim (cacheable)."""
        tokens = tokenize(text)
        sents = [tokenize(s) for s in sentences(text)] or [tokens]
        sents = [s for s in sents if s] or [tokens]
        return {
            "tokens": tokens, "set": set(tokens), "vec": self._tfidf(tokens),
            "lead": self._tfidf(tokens[:100]), "lead_set": set(tokens[:100]),
            "sents": sents, "sent_vecs": [self._tfidf(s) for s in sents],
            "tf": self._tf(tokens), "bigrams": _ngrams(tokens, 2), "trigrams": _ngrams(tokens, 3),
            "refute": sum(t in REFUTING for t in tokens), "hedge": sum(t in HEDGING for t in tokens),
            "neg": sum(t in NEGATING for t in tokens), "question": text.count("?"),
        }

    def features(self, claim: str, part: dict) -> tuple[list[int], list[float], list[float]]:
        """Term-frequency (indices, values) for claim then text, and the dense features."""
        ct = tokenize(claim)
        cset = set(ct)
        cvec = self._tfidf(ct)
        content = {t for t in cset if t not in STOP}

        def cos(v: dict[int, float]) -> float:
            if len(v) < len(cvec):
                return sum(w * cvec.get(i, 0.0) for i, w in v.items())
            return sum(w * v.get(i, 0.0) for i, w in cvec.items())

        sims = [cos(v) for v in part["sent_vecs"]]
        order = sorted(range(len(sims)), key=lambda i: -sims[i])[:3]
        near = [t for i in order for t in part["sents"][i]]
        n_text = max(len(part["tokens"]), 1)
        cbi, ctri = _ngrams(ct, 2), _ngrams(ct, 3)
        # A word outside the vocabulary is rarer than any in it: give it the largest IDF there is.
        weights = {t: self._idf[self.index[t]] if t in self.index else self._max_idf for t in sorted(content)}
        total = sum(weights.values()) or 1.0

        def weighted(words: set[str]) -> float:
            return sum(w for t, w in weights.items() if t in words) / total

        capitals = {t.lower() for t in _CAPITAL.findall(claim)} - STOP
        refute_c = sum(t in REFUTING for t in ct)
        neg_c = sum(t in NEGATING for t in ct)
        neg_near = sum(t in NEGATING for t in near)
        refute_near = sum(t in REFUTING for t in near)
        dense = [
            cos(part["vec"]),
            max(sims) if sims else 0.0,
            cos(part["lead"]),
            len(content & part["set"]) / max(len(content), 1),
            len(cset & part["set"]) / max(len(cset | part["set"]), 1),
            len(cbi & part["bigrams"]) / max(len(cbi), 1),
            len(ctri & part["trigrams"]) / max(len(ctri), 1),
            len(content & part["lead_set"]) / max(len(content), 1),
            float(refute_c),
            100.0 * part["refute"] / n_text,
            float(refute_near),
            float(sum(t in HEDGING for t in ct)),
            100.0 * part["hedge"] / n_text,
            float(sum(t in HEDGING for t in near)),
            float(neg_c),
            100.0 * part["neg"] / n_text,
            float(neg_near),
            1.0 if (refute_c + neg_c) % 2 == (refute_near + neg_near) % 2 else 0.0,
            1.0 if "?" in claim else 0.0,
            min(float(part["question"]), 3.0),
            math.log1p(len(ct)),
            math.log1p(len(part["tokens"])),
            sum(t not in self.index for t in content) / max(len(content), 1),
            weighted(part["set"]),
            max(weighted(set(part["sents"][i])) for i in order) if order else 0.0,
            weighted(part["lead_set"]),
            len(capitals & part["set"]) / max(len(capitals), 1),
        ]
        cidx, cval = self._tf(ct)
        tidx, tval = part["tf"]
        return cidx + [self.n_input + i for i in tidx], cval + tval, dense


def decide(probs: Sequence[float]) -> str:
    """`unrelated` when it is more probable than all related labels together, else the likeliest of those."""
    if probs[3] > 0.5:
        return "unrelated"
    return RELATED[int(np.argmax(probs[:3]))]


class Head:
    """A one-hidden-layer ReLU network over [tf(claim), tf(text)] (when it reads terms) and the
    standardised dense features; `labels` name its outputs."""

    def __init__(self, labels: Sequence[str], w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray,
                 mean: np.ndarray, scale: np.ndarray) -> None:
        self.labels = tuple(labels)
        self.w1, self.b1, self.w2, self.b2 = (a.astype(np.float32) for a in (w1, b1, w2, b2))
        self.mean, self.scale = mean.astype(np.float32), scale.astype(np.float32)
        self.n_sparse = self.w1.shape[0] - len(self.mean)

    def hidden(self, idx: list[int], val: list[float], dense: list[float]) -> np.ndarray:
        h = self.b1.copy()
        if idx and self.n_sparse:
            h += np.asarray(val, dtype=np.float32) @ self.w1[idx]
        d = (np.asarray(dense, dtype=np.float32) - self.mean) / self.scale
        h += d @ self.w1[self.n_sparse:]
        return np.maximum(h, 0.0)

    def probabilities(self, hidden: np.ndarray) -> np.ndarray:
        z = hidden @ self.w2 + self.b2
        z -= z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


class Stance:
    """The packaged stance model. `Stance.load()` reads it from `data/stance/` (offline).

    Long texts: `relevance` (dense features only) gives P(unrelated); `document` (trained on related
    pairs only) shares the rest among agree/disagree/discuss. Short texts: `short` gives all four.
    """

    def __init__(self, featurizer: Featurizer, heads: dict[str, Head], short_tokens: int = SHORT_TOKENS) -> None:
        self.featurizer = featurizer
        self.heads = heads
        self.labels = LABELS
        self.short_tokens = short_tokens

    @classmethod
    def load(cls, path: str | Path = MODEL_DIR) -> Stance:
        """The model in folder `path` (meta.json, vocab.json, heads.npz)."""
        path = Path(path)
        try:
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
            vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
            arrays = np.load(path / "heads.npz", allow_pickle=False)
        except FileNotFoundError as err:
            raise FileNotFoundError(f"{path}: stance model missing ({err.filename}); "
                                    "rebuild it with scripts/train_stance.py") from err
        feat = Featurizer(vocab=vocab, idf=arrays["idf"], n_input=meta["n_input"])
        heads = {name: Head(labels, *(arrays[f"{name}.{k}"] for k in ("w1", "b1", "w2", "b2", "mean", "scale")))
                 for name, labels in meta["heads"].items()}
        return cls(feat, heads, meta.get("short_tokens", SHORT_TOKENS))

    def head_for(self, text_tokens: int) -> str:
        """`short` for a sentence or claim, `document` for an article body."""
        if "short" in self.heads and text_tokens <= self.short_tokens:
            return "short"
        return "document"

    def predict(self, headline_or_claim: str, body: str, head: str | None = None) -> tuple[str, dict[str, float]]:
        """The label for (claim, text) and the probability of each label.

        `head` forces `short` or `document`; by default the length of `body` chooses.
        """
        return self.predict_batch([(headline_or_claim, body)], head=head)[0]

    def predict_proba(self, pairs: Iterable[tuple[str, str]], head: str | None = None) -> np.ndarray:
        """An (n, 4) array of probabilities in the order of `LABELS`; identical texts are read once."""
        cache: dict[str, dict] = {}
        hiddens: dict[str, list[np.ndarray]] = {}
        rows: dict[str, list[int]] = {}
        n = -1
        for n, (claim, text) in enumerate(pairs):
            part = cache.get(text)
            if part is None:
                part = cache[text] = self.featurizer.text_part(text)
            mode = head or self.head_for(len(part["tokens"]))
            idx, val, dense = self.featurizer.features(claim, part)
            for name in (("relevance", "document") if mode == "document" else (mode,)):
                hiddens.setdefault(name, []).append(self.heads[name].hidden(idx, val, dense))
            rows.setdefault(mode, []).append(n)
        out = np.zeros((n + 1, len(LABELS)), dtype=np.float32)
        if "short" in rows:
            out[rows["short"]] = self.heads["short"].probabilities(np.stack(hiddens["short"]))
        if "document" in rows:
            unrelated = self.heads["relevance"].probabilities(np.stack(hiddens["relevance"]))[:, 1]
            related = self.heads["document"].probabilities(np.stack(hiddens["document"]))
            out[rows["document"], :3] = related * (1.0 - unrelated)[:, None]
            out[rows["document"], 3] = unrelated
        return out

    def predict_batch(self, pairs: Iterable[tuple[str, str]],
                      head: str | None = None) -> list[tuple[str, dict[str, float]]]:
        """`predict` for many pairs at once."""
        return [(decide(p), {lab: float(x) for lab, x in zip(LABELS, p)})
                for p in self.predict_proba(pairs, head=head)]


@lru_cache(maxsize=1)
def load() -> Stance:
    """The packaged model, loaded once per process."""
    return Stance.load()


def predict(headline_or_claim: str, body: str) -> tuple[str, dict[str, float]]:
    """The stance of `body` towards `headline_or_claim` with the packaged model."""
    return load().predict(headline_or_claim, body)
