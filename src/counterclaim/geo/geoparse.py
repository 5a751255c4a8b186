"""Geoparsing: every toponym of a parsed document, found and resolved in the offline gazetteer.

`Geoparser(doc)` reads the whole document once: it finds toponyms (spaCy GPE/LOC entities, demonyms,
and names the gazetteer knows that spaCy tags otherwise or not at all: "Panjshir" ORG, "Parian" NORP),
then resolves each with document context (countries and provinces the article names are priors; in
"the Parian district of Panjshir" and "Edmonton, Alberta" the second name contains the first).
`Geoparser.places(span)` gives the `Place` records inside a span (the whole document by default).
"""
from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..knowledge.actors import ActorDictionary, load_actors
from ..knowledge.gazetteer import Entry, Gazetteer, key, load_gazetteer
from ..model import Place
from ..nlp import ents_of, text_of

ADMIN_NOUNS = {"district", "province", "city", "town", "village", "region", "valley", "county",
               "governorate", "state", "oblast", "area", "neighbourhood", "neighborhood", "municipality",
               "prefecture", "territory", "island", "islands", "river", "capital", "border", "raion",
               "department", "division", "subdistrict", "commune", "suburb", "island", "mountains"}
# what a trailing noun says about the feature meant ("Panjshir province", "Parian district")
NOUN_FEATURE = {"district": "admin2", "county": "admin2", "subdistrict": "admin2", "raion": "admin2",
                "province": "admin1", "governorate": "admin1", "state": "admin1", "oblast": "admin1",
                "prefecture": "admin1", "region": "admin1", "city": "place", "town": "place",
                "village": "place", "capital": "place"}
OBSCURE_POPULATION = 20000   # a place this small abroad is read by its main name only
LOCATIVE = {"in", "from", "of", "near", "across", "into", "to", "at", "around", "outside", "inside",
            "towards", "toward", "through", "throughout", "within", "between", "via", "beyond", "along"}
# prepositions that take places but rarely people ("to Obama", "of Clinton" are people)
PLACE_ONLY = {"in", "near", "into", "outside", "inside", "across", "throughout", "within", "around", "towards"}
PART_WORDS = {"central", "northern", "southern", "eastern", "western", "north", "south", "east", "west",
              "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern",
              "north-western", "south-eastern", "south-western", "northeast", "northwest", "southeast",
              "southwest", "upper", "lower", "outer", "rural", "downtown", "greater"}
NEAR_WORDS = {"near", "outside", "around", "nearby", "close", "outskirts", "vicinity", "edge"}
# a "the N of X" head that names part of X rather than X itself ("the central bazaar of Panjshir")
PART_NOUNS = {"bazaar", "market", "centre", "center", "heart", "outskirts", "part", "parts", "edge",
              "suburbs", "suburb", "north", "south", "east", "west", "border", "capital", "streets",
              "mountains", "valley", "entrance", "gates", "airport", "port", "mine", "base"}
LARGE = {"continent", "region", "country", "admin1"}
# words that head a split name ("Republic of Armenia") and are no place by themselves
GENERIC = {"republic", "kingdom", "state", "states", "city", "province", "district", "county", "university",
           "islamic", "people", "peoples", "democratic", "federation", "union", "west", "east", "north",
           "south", "central", "government", "bank", "emirate", "college", "school", "port", "gulf", "bay",
           "centre", "center", "commerce", "industry", "police", "justice", "congress", "park", "secretary",
           "leader", "village", "southern", "northern", "western", "eastern", "easter", "council", "court",
           "parliament", "senate", "ministry", "army", "navy", "mr", "mrs", "ms", "dr", "sen", "rep", "gov",
           "president", "minister", "general", "national", "international", "royal", "new", "old", "great",
           "middle", "upper", "lower", "island", "islands", "valley", "river", "lake", "mount", "saint", "st",
           "god", "allah", "church", "mosque", "hospital", "airport", "station", "street", "road", "square"}
NAME_LINKS = {"del", "de", "la", "al", "el", "-", "of", "du", "des", "an", "ad", "as", "ash", "ar"}
BIG_CITY = 100_000
LABELS = {"GPE", "LOC", "FAC", "NORP", "ORG", "PERSON", ""}
_JOIN = re.compile(r"^\s*(?:(district|province|county|region|governorate|state|city|town|village|valley)\s+)?"
                   r"(?:of|in|,)\s+(?:the\s+)?$", re.I)


@dataclass
class Mention:
    start: int                 # character offsets in the document
    end: int
    text: str
    label: str                 # spaCy entity label, "" for a gazetteer-only match
    hint: str | None = None    # feature a trailing noun asks for ("district" -> admin2)
    part: bool = False         # "central Panjshir", "near Kabul", "the central bazaar of Panjshir"
    demonym: bool = False
    container: Mention | None = None
    stated: bool = False       # the container is stated as such ("district of"), not just next to it
    eponyms: set[str] = field(default_factory=set)  # admin-1 codes of the admin-1 readings
    candidates: list[tuple[Entry, int]] = field(default_factory=list)
    entry: Entry | None = None


def _prominent(e: Entry, kind: int) -> bool:
    """A reading that a capitalised word is likely to mean even without context."""
    return kind == 2 or e.feature in ("country", "region", "continent") or \
        (kind == 0 and (e.feature == "admin1" or e.population >= BIG_CITY))


def _inside(e: Entry, c: Entry) -> bool:
    """Whether entry `e` lies in the area of `c` (a place stands for its admin-1 area: "Kafr Nabl, Idlib")."""
    if e.row == c.row:
        return False
    if c.feature == "country":
        return e.country == c.country
    if c.feature in ("admin1", "place"):
        return e.admin1 is not None and e.admin1 == c.admin1 and e.feature != "admin1"
    if c.feature == "admin2":
        return e.admin2 == c.admin2 or (e.feature == "place" and e.admin1 == c.admin1)
    return False


def _obscure(e: Entry, kind: int) -> bool:
    """A small place known by an alternate name only: no reading of a name without the country's support."""
    return e.feature == "place" and kind == 1 and e.population < OBSCURE_POPULATION


def _suffix_hint(span: Span) -> tuple[Span, str | None]:
    """The span without a trailing admin noun, and the feature that noun asks for."""
    last = span[-1]
    if len(span) > 1 and last.lower_ in ADMIN_NOUNS:
        return span[:-1], NOUN_FEATURE.get(last.lower_)
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is not None and nxt.lower_ in NOUN_FEATURE:
        return span, NOUN_FEATURE[nxt.lower_]
    return span, None


class Geoparser:
    """The toponyms of one parsed document, resolved once and handed out by span."""

    def __init__(self, doc: Doc, actors: ActorDictionary | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.actors = actors or load_actors()
        self.gaz = gazetteer or load_gazetteer()
        self.mentions = self._recognise()
        self._resolve()

    # -- recognition --------------------------------------------------------------------------------
    def _spans(self) -> list[tuple[Span, str, bool]]:
        """Entity spans and runs of proper nouns outside entities, split at "of" and commas."""
        doc = self.doc
        out: list[tuple[Span, str]] = []
        covered: set[int] = set()
        for ent in ents_of(doc):
            covered.update(range(ent.start, ent.end))
            if ent.label_ in LABELS:
                out.append((ent, ent.label_))
            elif len(ent) > 1 and ent[-1].lower_ in NOUN_FEATURE and ent[-1].lower_ not in ("city", "town", "village"):
                out.append((ent, ""))   # "Donetsk Oblast" tagged PRODUCT: its admin noun says place
            elif self._of_a_place_noun(ent):
                out.append((ent, ""))   # "the city of Kramatorsk" tagged PRODUCT: the words before say place
        i = 0
        while i < len(doc):
            t = doc[i]
            if i not in covered and t.pos_ == "PROPN" and t.text[:1].isupper():
                j = i
                while j < len(doc) and j not in covered and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
                    j += 1
                out.append((doc[i:j], ""))
                i = j
            else:
                i += 1
        pieces: list[tuple[Span, str, bool]] = []
        for span, label in out:
            while len(span) > 1 and span[-1].is_space:   # "Bakhmut\n\n": the tagger took the line break in
                span = span[:-1]
            trimmed = span[1:] if len(span) > 1 and span[0].lower_ == "the" else span
            if self.gaz.known(trimmed.text) or self.gaz.known(_suffix_hint(trimmed)[0].text):
                pieces.append((trimmed, label, True))
                continue
            start = span.start
            for k in range(span.start, span.end + 1):
                if k == span.end or doc[k].lower_ in ("of", ",", "and", "(", ")", "/"):
                    if k > start:
                        piece = doc[start:k]
                        while len(piece) and piece[0].lower_ in ("the", "'s") or (len(piece) and piece[0].is_punct):
                            piece = piece[1:]
                        while len(piece) and (piece[-1].lower_ in ("'s", "’s") or piece[-1].is_punct):
                            piece = piece[:-1]
                        if len(piece):
                            whole = piece.start == span.start and piece.end == span.end
                            if label not in ("GPE", "LOC", "PERSON") and len(piece) > 1 and not self.gaz.known(piece.text):
                                lead = self._leading_country(piece)
                                if lead is not None:
                                    pieces.append((lead, "NORP", False))
                                    continue
                            pieces.append((piece, label, whole))
                    start = k + 1
        return pieces

    def _leading_country(self, span: Span) -> Span | None:
        """A prominent place or demonym opening a longer name ("Russian" in "Russian Defence Ministry",
        "Winnipeg" in "Winnipeg Free Press")."""
        for n in (2, 1):
            if len(span) > n:
                head = span[:n]
                if head[0].text[:1].isupper() and key(head.text) not in GENERIC \
                        and any(_prominent(e, kind) for e, kind in self.gaz.lookup(head.text)):
                    return head
        return None

    def _governed_by(self, span: Span, words: set[str]) -> bool:
        prev = self.doc[span.start - 1] if span.start > 0 else None
        return (span.root.dep_ == "pobj" and span.root.head.lower_ in words) or (prev is not None and prev.lower_ in words)

    def _of_a_place_noun(self, span: Span) -> bool:
        """ "the Dawlatabad district of Balkh", "the outskirts of Gao" """
        doc, i = self.doc, span.start
        return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in ADMIN_NOUNS | PART_NOUNS

    def _context(self, span: Span) -> tuple[bool, bool]:
        """(locative: a place-taking word governs it or an admin noun follows, part: it names part of a place)."""
        doc = self.doc
        root = span.root
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        locative = (nxt is not None and nxt.lower_ in ADMIN_NOUNS) or span[-1].lower_ in ADMIN_NOUNS \
            or (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE) \
            or (root.dep_ == "compound" and root.head.lower_ in ADMIN_NOUNS) \
            or (prev is not None and prev.lower_ in LOCATIVE) \
            or (prev is not None and prev.lower_ == "," and span.start > 1 and doc[span.start - 2].ent_type_ == "GPE")
        part = False
        if prev is not None and prev.lower_ in PART_WORDS | NEAR_WORDS:
            part = True
        elif root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in PART_NOUNS \
                and root.head.head.i < span.start and not root.head.head.lower_ in NOUN_FEATURE:
            part = True
        elif root.dep_ == "pobj" and root.head.lower_ in NEAR_WORDS:
            part = True
        elif prev is not None and prev.lower_ in ("of", "to", "from") and span.start > 1 \
                and doc[span.start - 2].lower_ in NEAR_WORDS | {"outskirts"}:
            part = True
        return locative, part

    def _extend(self, span: Span) -> Span:
        """The span grown right over name words when the longer name is known ("Lanao" + "del Sur")."""
        doc, best = self.doc, span
        end = span.end
        while end < len(doc) and end - span.end < 4 and (doc[end].pos_ == "PROPN" or doc[end].lower_ in NAME_LINKS):
            end += 1
            if doc[end - 1].pos_ == "PROPN" and self.gaz.known(doc[span.start:end].text):
                best = doc[span.start:end]
        return best

    def _person_names(self) -> set[str]:
        """Words of the document's multi-word person names: "Clinton" after "Hillary Clinton" is her."""
        # "Capturing Soledar would allow ...": a sentence opening with a gerund the tagger took for a name
        return {key(t.text) for ent in ents_of(self.doc) if ent.label_ == "PERSON" and len(ent) > 1
                and not (ent[0].is_sent_start and ent[0].lower_.endswith("ing") and len(ent[0]) > 5)
                for t in ent if t.text[:1].isupper()}

    def _recognise(self) -> list[Mention]:
        mentions: list[Mention] = []
        rejected: list[Mention] = []
        taken: set[int] = set()
        people = self._person_names()
        spans = self._spans()
        # countries the article names: where a spelling the gazetteer lacks is looked for ("Panjsher")
        prior = tuple(sorted({e.country for span, _, _ in spans for e, k in self.gaz.lookup(span.text)
                              if e.feature == "country" and e.country and (k < 2 or len(span) == 1)}))
        for span, label, whole in spans:
            if any(i in taken for i in range(span.start, span.end)):
                continue
            span = self._extend(span)
            name_span, hint = _suffix_hint(span)
            hits = self.gaz.lookup(span.text)
            if hits or name_span is span:  # "Metcalfe County" is a name; "Panjshir province" is not
                name_span = span
            else:
                hits = self.gaz.lookup(name_span.text)
            text = name_span.text
            if not text[:1].isalpha() or not text[:1].isupper() and label not in ("GPE", "LOC"):
                continue
            if key(text) in GENERIC and (not whole or label not in ("GPE", "LOC")):
                continue
            if len(name_span) == 1 and key(text) in people and hint is None and not self._of_a_place_noun(span) \
                    and not any(e.feature in ("country", "admin1") and k < 2 for e, k in hits):
                continue   # a word of a person's name, unless the text says place ("the town of X")
            locative, part = self._context(span)
            if not hits and prior and (hint or label in ("GPE", "LOC") and locative):
                # a skeleton match is loose: only admin areas and towns, and only where the text says place
                hits = [(e, 1) for e in self.gaz.variants(text, prior)
                        if e.feature in ("admin1", "admin2") or e.population >= 5000]
            demonym = bool(hits) and all(kind == 2 for _, kind in hits)
            strong = any(e.feature in ("country", "admin1", "region", "continent") and kind < 2 for e, kind in hits)
            if label in ("GPE", "LOC"):
                # an unknown name needs a place-taking context ("Yulia said" is a person the tagger missed);
                # "Pakistanis" is people, not a place
                keep = bool(hits) or (locative or len(span) > 1 or hint is not None) and not (
                    text.endswith("s") and any(k == 2 for _, k in self.gaz.lookup(text[:-1])))
            elif not hits or self._is_actor(text):
                keep = False
            elif label == "NORP":  # "Russian" is a place reading; "Russians" are people; "Parian district" a place
                keep = (any(kind == 2 or e.feature in LARGE for e, kind in hits) and text[-1:] != "s") \
                    or (bool(locative or hint) and not demonym)
            elif label == "FAC":
                keep = locative
            elif not whole:  # a part of an organisation's name ("Ministry of Commerce")
                keep = strong
            elif label == "PERSON":  # a country, or a province's name of several words ("Tamil Nadu")
                keep = strong and (len(span) > 1 or any(e.feature == "country" and kind < 2 for e, kind in hits)) \
                    or (self._governed_by(span, PLACE_ONLY) or self._of_a_place_noun(span)) and (
                    strong or any(e.population >= 10000 for e, _ in hits))
            elif label == "ORG":  # "Edmonton" the city council, "Panjshir" tagged ORG
                keep = not demonym and (locative or strong or any(_prominent(e, k) for e, k in hits))
            else:  # a proper noun the tagger left out: first names ("Paul", "Vladimir") are places too
                keep = not demonym and (locative or any(e.feature in ("country", "region", "continent")
                                                        and k < 2 for e, k in hits))
            mention = Mention(start=name_span.start_char, end=name_span.end_char, text=text, label=label,
                              hint=hint, part=part, demonym=demonym, candidates=list(hits))
            if not keep:
                if hits and not demonym and label != "NORP" and not self._is_actor(text):
                    rejected.append(mention)
                continue
            mentions.append(mention)
            taken.update(range(name_span.start, name_span.end))
        mentions.sort(key=lambda m: m.start)
        self._contained(mentions, rejected)
        self._same_name(mentions, rejected)
        self._conjuncts(mentions, taken)
        for a, b in zip(mentions, mentions[1:]):
            join = _JOIN.match(self.text[a.end:b.start])
            if join:
                a.container = b
                # "the Parian district of Panjshir" says so; "Utah, Colorado" may be a list
                a.stated = bool(join.group(1))
                if a.stated:
                    a.hint = a.hint or NOUN_FEATURE.get(join.group(1).lower())
                    b.hint = b.hint or "admin1"
        return mentions

    def _contained(self, mentions: list[Mention], rejected: list[Mention]) -> None:
        """Names followed by a place that contains one of their readings are places ("Marawi in Lanao del Sur")."""
        starts = {m.start: m for m in mentions}
        for r in rejected:
            gap = re.match(r"(?:,|\s+in)\s+(?:the\s+)?(?:(?:central|(?:north|south)?(?:east|west)?(?:ern)?)\s+)?",
                           self.text[r.end:r.end + 30])
            outer = starts.get(r.end + gap.end()) if gap else None
            if outer is None:
                continue
            areas = {(e.country, e.admin1 if e.feature != "country" else None) for e, _ in outer.candidates
                     if e.feature in ("country", "admin1", "admin2")}
            if any((e.country, None) in areas or (e.country, e.admin1) in areas for e, _ in r.candidates):
                mentions.append(r)
        mentions.sort(key=lambda m: m.start)

    @staticmethod
    def _same_name(mentions: list[Mention], rejected: list[Mention]) -> None:
        """One sense per document: a name the text shows to be a place ("fighting in Soledar") is that
        place where the tagger read it otherwise ("Russia captured Soledar"), and so is the gazetteer's
        name of a place the text calls otherwise (where "Kharkov" is Kharkiv, a "Kharkiv" the tagger took for
        a person is that city too)."""
        places = {key(m.text) for m in mentions if not m.demonym} | {
            key(e.name) for m in mentions if not m.demonym for e, kind in m.candidates if kind < 2}
        taken = {m.start for m in mentions}
        for r in rejected:
            if key(r.text) in places and r.start not in taken:
                mentions.append(r)
                taken.add(r.start)
        mentions.sort(key=lambda m: m.start)

    def _is_actor(self, text: str) -> bool:
        """Whether the mention is a known actor's name or one of its aliases ("Wagner" is the Wagner
        Group, not the town in Bahia), not a name merely containing one."""
        return any(end - start >= 0.8 * len(text) for start, end, _ in self.actors.find(text))

    def _conjuncts(self, mentions: list[Mention], taken: set[int]) -> None:
        """"in Panjshir and Andarab": a capitalised name joined to a place is a place when the gazetteer knows it."""
        doc = self.doc
        for m in list(mentions):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for conj in span.root.conjuncts:
                if conj.i in taken or not conj.text[:1].isupper() or conj.pos_ != "PROPN":
                    continue
                hits = self.gaz.lookup(conj.text)
                if hits and not self._is_actor(conj.text):
                    mentions.append(Mention(start=conj.idx, end=conj.idx + len(conj.text), text=conj.text,
                                            label="", candidates=list(hits)))
                    taken.add(conj.i)
        mentions.sort(key=lambda m: m.start)

    # -- resolution ---------------------------------------------------------------------------------
    def _score(self, m: Mention, e: Entry, kind: int, countries: Counter, admins: Counter) -> float:
        score = math.log10(e.population + 1)
        if e.feature in ("country", "region", "continent"):
            score += 4
        elif e.feature == "admin1":
            score -= 0.5  # its population is the sum of its places, which double-counts suburbs
        elif e.feature == "admin2":
            score += 2.5  # GeoNames gives districts no population: count one as a small town
        if m.hint and e.feature == m.hint:
            score += 6
        if kind == 0:
            score += 1
        elif kind == 2:
            score += 3 if m.demonym or m.label == "NORP" else -5
        if e.capital:
            score += 1.5
        if e.feature == "place" and e.admin1 and e.admin1 in m.eponyms:
            score += 2.5  # "Kabul", "Gao": the city that names its province
        total = sum(countries.values()) or 1
        if e.country and countries[e.country]:
            score += 1 + 4 * countries[e.country] / total
        if e.admin1 and admins[e.admin1]:
            score += 3
        if m.container is not None and m.container.entry is not None:
            score += 8 if _inside(e, m.container.entry) else 0
        return score

    def _pick(self, m: Mention, countries: Counter, admins: Counter) -> Entry | None:
        if m.hint not in ("admin1", "admin2"):
            m.eponyms = {e.admin1 for e, _ in m.candidates if e.feature == "admin1"}
        cands = [(e, k) for e, k in m.candidates if e.lat is not None]
        if countries:
            # once the article's countries are known, a village abroad matched by one of its many
            # alternate spellings ("Kush", "Azeri") is noise: such a name stays unresolved
            cands = [(e, k) for e, k in cands if countries[e.country] or not _obscure(e, k)]
        if not cands and countries:
            cands = [(e, 1) for e in self.gaz.variants(m.text, tuple(c for c, _ in countries.most_common(3)))
                     if e.lat is not None and (e.feature in ("admin1", "admin2") or e.population >= 5000)]
        if not cands:
            return None
        best = max(cands, key=lambda ek: self._score(m, ek[0], ek[1], countries, admins))[0]
        outer = m.container.entry if m.container is not None else None
        if m.stated and outer is not None and outer.feature in ("admin1", "admin2") and not _inside(best, outer):
            # "the Kohistan district of Kapisa" where the gazetteer has no such district in Kapisa:
            # somewhere in Kapisa, not a namesake elsewhere
            m.part = True
            return outer
        return best

    def _resolve(self) -> None:
        none: Counter = Counter()
        # pass 1: each name alone, containers first ("Panjshir" before "Parian district of Panjshir")
        for m in reversed(self.mentions):
            m.entry = self._pick(m, none, none)
        countries: Counter = Counter()
        admins: Counter = Counter()
        for m in self.mentions:
            e = m.entry
            if e is None:
                continue
            # only unambiguous or large names set the scene: an ambiguous town's first guess must not
            # vote for itself
            weight = 2 if e.feature in ("country", "admin1") else 1 if len({c.country for c, _ in m.candidates}) == 1 else 0
            if e.country and weight:
                countries[e.country] += weight
            if weight and e.feature in ("admin1", "admin2") and e.admin1:
                admins[e.admin1] += 1
        # pass 2: with the article's countries and provinces as priors; one sense per name
        chosen: dict[tuple, tuple[Entry | None, bool]] = {}
        for m in reversed(self.mentions):
            k = (m.text.lower(), m.hint, m.container.text if m.container else None)
            if k not in chosen:
                entry = self._pick(m, countries, admins)
                chosen[k] = (entry, m.part)
            else:
                entry = chosen[k][0]
                m.part = m.part or chosen[k][1]
            m.entry = entry

    # -- output ---------------------------------------------------------------------------------------
    def _place(self, m: Mention) -> Place:
        e = m.entry
        place = Place(text=m.text, span=(m.start, m.end))
        if e is None:
            return place
        feature = {"place": "populated place", "continent": "other", "region": "other"}.get(e.feature, e.feature)
        precision = 1 if e.feature == "place" else 2 if e.feature == "admin2" else 3
        if m.part and e.feature not in ("country", "continent", "region"):
            precision = max(precision, 2) if e.feature == "place" else 2
        place.id, place.name, place.feature = e.id, e.name, feature
        place.country = e.country
        place.admin1 = self.gaz.admin_name(e.admin1)
        place.admin2 = self.gaz.admin_name(e.admin2)
        place.lat, place.lon, place.precision = e.lat, e.lon, precision
        return place

    def places(self, span: Span | Doc | None = None) -> list[Place]:
        """Place records for the toponyms inside `span` (the whole document when None), in text order."""
        if span is None or isinstance(span, Doc):
            lo, hi = 0, len(self.text)
        else:
            lo, hi = span.start_char, span.end_char
        return [self._place(m) for m in self.mentions if lo <= m.start and m.end <= hi]


_RECENT: OrderedDict[int, tuple[Doc, Geoparser]] = OrderedDict()
_KEEP = 8  # documents whose geoparse is kept; claims and the document's places share one


def geoparse(doc: Doc, actors: ActorDictionary | None = None) -> Geoparser:
    """The document's Geoparser, made once per document (kept outside `doc.user_data`, so that a Doc
    can still be serialised)."""
    hit = _RECENT.get(id(doc))
    if hit is not None and hit[0] is doc:
        _RECENT.move_to_end(id(doc))
        return hit[1]
    parser = Geoparser(doc, actors)
    _RECENT[id(doc)] = (doc, parser)
    while len(_RECENT) > _KEEP:
        _RECENT.popitem(last=False)
    return parser
