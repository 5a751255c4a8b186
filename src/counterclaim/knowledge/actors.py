"""The actor knowledge base: organisations, people and outlets, and the party each speaks for.

Three packaged sources, merged (see data/ATTRIBUTION.md):
- `data/actors.yaml`, kept by hand (user-extensible through `$COUNTERCLAIM_ACTORS`): the armed
  groups, governments' nicknames ("Kremlin"), international bodies, outlets and people that data
  cannot give, each with the party it speaks for (`side`: Wagner speaks for Russia), plus the
  state organs ("defence ministry", "General Staff") that a country reference turns into an actor;
- `data/armed_groups.tsv`, built by `scripts/build_actors.py` from the UCDP actor and conflict
  datasets: armed groups of the world's wars with their names, countries and, where UCDP records
  one state fighting beside them, that state's party;
- the countries of `counterclaim.knowledge.countries` (names, demonyms, capitals), which are parties too.

A side is a party: a country's id ("ukraine"), an armed group's id ("taliban"), or "independent"
for those who speak for no party (UN bodies, NGOs, hospitals, analysts, witnesses).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .gazetteer import key, read_table, skeleton
from .phrases import PhraseIndex

INDEPENDENT = "independent"
NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")   # a word of a person's name
SAME_NAME = 0.75   # how alike two spellings of a name's word must be (difflib ratio) to be one name
# Words that make up generic group names ("Popular Front", "The Resistance"): a name made only of
# these is no name in running text.
GENERIC_NAME_WORDS = {
    "the", "of", "and", "for", "a", "an", "in", "to", "people", "people's", "peoples", "popular", "national",
    "front", "movement", "army", "forces", "force", "resistance", "liberation", "revolutionary", "democratic",
    "party", "group", "union", "council", "alliance", "coalition", "islamic", "islam", "republic", "defence",
    "defense", "self-defense", "self-defence", "militia", "militias", "brigade", "brigades", "fighters",
    "government", "opposition", "rebels", "insurgents", "unity", "salvation", "freedom", "justice", "patriotic",
    "socialist", "communist", "white", "black", "red", "green", "legion", "guard", "guards", "united", "new",
    "independent", "committee", "organization", "organisation", "state", "military", "faction", "civilians",
    "supporters", "jihad", "holy", "mujahideen", "mujahidin", "warriors", "youth", "tribe", "tribes", "clan",
}


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str = "organization"        # organization | person | media
    aliases: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    side: str | None = None
    role: str | None = None
    country: str | None = None
    countries: tuple[str, ...] = ()   # where the actor is (UCDP groups): its short names need them named
    independent: bool = False         # speaks for no party (UN, NGOs, think tanks, hospitals)
    regions: tuple[str, ...] = ()     # the territory it governs ("Donetsk"): "the Donetsk authorities"
    state: bool = False               # an organ of a state ("Kremlin", "Pentagon"), not a group

    @property
    def speaks_for(self) -> str:
        if self.independent:
            return INDEPENDENT
        return self.side or self.id


def slug(text: str) -> str:
    """A stable lowercase id for a name: 'Fahim Dashti' -> 'fahim-dashti'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "").replace("'", "")).strip("-")


def name_key(name: str) -> str:
    """A spelling-proof key of a person's name: 'Zelenskiy' and 'Zelensky', 'Cherevatyi' and
    'Cherevaty', 'Zabiullah' and 'Zabihullah' share one (the gazetteer's consonant skeleton)."""
    return " ".join(skeleton(w) for w in NAME_WORD.findall(name))


def _same_name(a: str, b: str) -> bool:
    """Two spellings of one name, word by word: a consonant skeleton is loose ('Masoud' and
    'Masaadeh' share one), so each word must also be spelt nearly alike ('Zelensky' and
    'Zelenskiy', 'Zabiullah' and 'Zabihullah')."""
    words_a = [key(w) for w in NAME_WORD.findall(a)]
    words_b = [key(w) for w in NAME_WORD.findall(b)]
    return len(words_a) == len(words_b) and all(SequenceMatcher(None, x, y).ratio() >= SAME_NAME
                                                for x, y in zip(words_a, words_b))


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def _is_acronym(alias: str) -> bool:
    """'NRF', 'ISW', 'M23': matched as written, never inside ordinary words ('is', 'ap')."""
    letters = re.sub(r"[^\w]", "", alias)
    return len(letters) <= 6 and letters.upper() == letters


@dataclass
class ActorDictionary:
    actors: dict[str, Actor]
    media_words: frozenset[str] = frozenset()
    unnamed_words: frozenset[str] = frozenset()
    organs: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # id -> (name, phrases)
    independent_words: frozenset[str] = frozenset()
    relation_words: frozenset[str] = frozenset()
    media_roles: frozenset[str] = frozenset()
    organ_modifiers: frozenset[str] = frozenset()   # "national" in "the National Army"
    officials: dict[str, tuple[str, str]] = field(default_factory=dict)   # name key -> (name, ISO country)
    _by_alias: dict[str, Actor] = field(default_factory=dict)
    _by_acronym: dict[str, Actor] = field(default_factory=dict)
    _generic: dict[str, Actor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for actor in self.actors.values():   # hand-kept entries come first and win
            for alias in (actor.aliases or (actor.name,)):
                if _is_acronym(alias):
                    self._by_acronym.setdefault(alias.replace("’", "'"), actor)
                else:
                    self._by_alias.setdefault(_normalise(alias), actor)
            for word in actor.generic:
                self._generic.setdefault(_normalise(word), actor)
                if word.endswith("s") and " " not in word:   # "the militant's claim": one of the militants
                    self._generic.setdefault(_normalise(word[:-1]), actor)
        self._organ_of = {phrase: organ for organ, (_, phrases) in self.organs.items() for phrase in phrases}
        self._organ_index = PhraseIndex(self._organ_of)
        self._regions = {_last_word(r) for a in self.actors.values() for r in a.regions}
        self._people: dict[str, list[Actor]] = {}
        for actor in self.actors.values():
            if actor.kind == "person":
                for alias in (actor.name, *actor.aliases):
                    self._people.setdefault(name_key(alias), []).append(actor)
        self._index = PhraseIndex(self._by_alias, plural=True)
        self._acronyms = PhraseIndex(self._by_acronym)
        self._generic_index = PhraseIndex(self._generic)
        # "the resistance" named with a name before it: "the Kunduz resistance", "Kachin resistance"
        heads = {g[4:]: a for g, a in self._generic.items() if g.startswith("the ") and " " not in g[4:]}
        alternatives = "|".join(map(re.escape, sorted(heads)))
        self._named_generic = re.compile(r"\b[A-Z][\w'’-]+\s+((?i:" + alternatives + r"))\b") if heads else None
        self._generic_heads = heads

    def find(self, text: str, mentioned: set[str] | None = None,
             countries: set[str] | None = None) -> list[tuple[int, int, Actor]]:
        """Actors named in `text`, as (start, end, actor), in text order.

        mentioned: ids the document names outright; generic nouns ("the insurgents") resolve only
        to one of these. countries: ISO codes the document names; a group known only by a short or
        one-word name (UCDP's "DPR", "Wagner") is found only where one of its countries is named.
        """
        norm, where = _squeezed(text)
        hits = [(where[s], where[e - 1] + 1, self._by_alias[p]) for s, e, p in self._index.find(norm)]
        if self._acronyms:
            hits += [(s, e, self._by_acronym[p]) for s, e, p in self._acronyms.find(text.replace("’", "'"))]
        hits = [h for h in hits if self._in_context(h[2], text[h[0]:h[1]], countries)]
        if mentioned and self._generic:
            for s0, e0, phrase in self._generic_index.find(norm):
                start, end, actor = where[s0], where[e0 - 1] + 1, self._generic[phrase]
                if actor.id in mentioned and not any(s < end and start < e for s, e, _ in hits):
                    hits.append((start, end, actor))
            for m in self._named_generic.finditer(text) if self._named_generic is not None else ():
                actor = self._generic_heads[m.group(1).lower()]
                if actor.id in mentioned and not any(s < m.end() and m.start() < e for s, e, _ in hits):
                    hits.append((m.start(), m.end(), actor))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, Actor]] = []
        for h in hits:   # longest match wins where names overlap
            if not any(s < h[1] and h[0] < e for s, e, _ in out):
                out.append(h)
        return out

    @staticmethod
    def _in_context(actor: Actor, matched: str, countries: set[str] | None) -> bool:
        if not actor.countries or (len(matched.split()) > 1 and not _is_acronym(matched)):
            return True
        return bool(countries) and bool(countries & set(actor.countries))

    def person(self, name: str) -> Actor | None:
        """A person the knowledge base knows by full name, in any transliteration: the hand-kept
        people first, then state officials (data/officials.tsv), who speak for their country."""
        wanted = name_key(name)
        if len(wanted.split()) < 2 and name not in self._by_alias:
            return None
        for actor in self._people.get(wanted, ()):
            if any(_same_name(name, alias) for alias in (actor.name, *actor.aliases)):
                return actor
        official = self.officials.get(wanted)
        if official is None or not _same_name(name, official[0]):
            return None
        from .countries import load_countries

        country = load_countries().by_code(official[1])
        return Actor(id=slug(official[0]), name=official[0], kind="person",
                     side=country.side if country else None, country=official[1])

    def governing(self, region: str) -> Actor | None:
        """The group that governs a territory by this name ('Donetsk' -> the Donetsk People's Republic),
        in any spelling the gazetteer knows ('Luhansk' and UCDP's 'Lugansk')."""
        wanted = _normalise(region)
        if len(wanted) < 4:
            return None

        def named(r: str) -> bool:   # "Karabakh" is the short name of "Nagorno-Karabakh"
            r = _normalise(r)
            return r == wanted or r.endswith(("-" + wanted, " " + wanted))

        if _last_word(wanted) in self._regions:
            found = next((a for a in self.actors.values() if any(named(r) for r in a.regions)), None)
            if found is not None:
                return found
        places = _territory_ids(region)
        if not places:
            return None
        return next((a for a in self.actors.values() if a.regions
                     and any(places & _territory_ids(r) for r in a.regions)), None)

    def lookup(self, text: str, mentioned: set[str] | None = None,
               countries: set[str] | None = None) -> Actor | None:
        hits = self.find(text, mentioned, countries)
        return hits[0][2] if hits else None

    def by_initials(self, name: str) -> Actor | None:
        """An organisation named by a variant of its name that keeps its acronym: "National Resistance
        Force" for the NRF ("National Resistance Front"). The initials of the name's capitalised words
        must be a known acronym, and at least half the name's words one of that actor's names'."""
        words = re.findall(r"[A-Z][\w'-]*", name)
        if len(words) < 2:
            return None
        actor = self._by_acronym.get("".join(w[0] for w in words))
        if actor is None or actor.kind == "person":
            return None
        mine = {w.lower() for w in words}
        best = max((len(mine & set(_normalise(a).split())) for a in (actor.name, *actor.aliases)), default=0)
        return actor if 2 * best >= len(mine) else None

    def organ_in(self, text: str) -> tuple[str, str] | None:
        """The state organ a phrase names ('the Defense Ministry' -> ('defence-ministry', 'Ministry
        of Defence')), the most specific (longest) phrase when several match, or None."""
        found = [phrase for _, _, phrase in self._organ_index.find(_normalise_keep_length(text))]
        if not found:
            return None
        organ = self._organ_of[max(found, key=len)]
        return organ, self.organs[organ][0]

    def organ_words(self, text: str) -> set[str]:
        """The words of the organ phrases in `text`, lower case ("army" in "the Kachin Independence Army")."""
        return {w for _, _, phrase in self._organ_index.find(_normalise_keep_length(text)) for w in phrase.split()}


@lru_cache(maxsize=10_000)
def _territory_ids(name: str) -> frozenset[str]:
    """The gazetteer's admin areas (and large towns) a territory's name denotes."""
    from .gazetteer import load_gazetteer

    return frozenset(e.id for e, kind in load_gazetteer().lookup(name)
                     if kind < 2 and (e.feature in ("admin1", "admin2", "region") or e.population >= 50_000))


def _last_word(text: str) -> str:
    words = re.findall(r"[\w']+", _normalise(text))
    return words[-1] if words else ""


_SCARE_QUOTES = frozenset("“”\"«»„")


def _squeezed(text: str) -> tuple[str, list[int]]:
    """`text` normalised for name lookup, without quotation marks and with one space between words
    (the Donetsk “people’s republic”, a name broken over a line), and each character's offset in
    `text`."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch in _SCARE_QUOTES:
            continue
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        where.append(i)
    return _normalise_keep_length("".join(chars)), where


def _normalise_keep_length(text: str) -> str:
    """Lower case with curly apostrophes straightened, same length as `text` (offsets stay valid)."""
    return text.replace("’", "'").replace("\n", " ").lower()


def _read(path_text: str) -> dict:
    return yaml.safe_load(path_text) or {}


def _armed_groups() -> list[dict]:
    """The UCDP armed groups (data/armed_groups.tsv) as actor entries."""
    path = resources.files("counterclaim.data").joinpath("armed_groups.tsv")
    if not path.is_file():
        return []
    out = []
    for r in read_table(path):
        out.append({"id": r["id"], "name": r["name"], "kind": "organization",
                    "aliases": [a for a in r["aliases"].split("|") if a],
                    "countries": [c for c in r["countries"].split("|") if c], "side": r["side"] or None,
                    "regions": [x for x in r.get("regions", "").split("|") if x]})
    return out


@lru_cache(maxsize=4)
def knowledge(extra: str | None = None) -> dict:
    """actors.yaml with `extra` or `$COUNTERCLAIM_ACTORS` merged in: actors by id, word lists
    appended, sections (organs, countries) by key. Read once; callers must not change it."""
    raw = _read(resources.files("counterclaim.data").joinpath("actors.yaml").read_text("utf-8"))
    extra = extra or os.environ.get("COUNTERCLAIM_ACTORS")
    if not extra:
        return raw
    for section, value in _read(Path(extra).read_text("utf-8")).items():
        if section == "actors":
            raw["actors"] = list({e["id"]: e for e in [*raw.get("actors", []), *value]}.values())
        elif isinstance(value, list):
            raw[section] = [*raw.get(section, []), *value]
        elif isinstance(value, dict):
            raw[section] = {**raw.get(section, {}), **value}
    return raw


@lru_cache(maxsize=4)
def load_actors(extra: str | None = None) -> ActorDictionary:
    """The actor knowledge base: `knowledge(extra)`, then the UCDP armed groups whose names the
    hand-kept entries do not already claim."""
    raw = knowledge(extra)
    entries = {e["id"]: e for e in raw.get("actors", [])}
    taken = {_normalise(a) for e in entries.values() for a in (e.get("name", e["id"]), *e.get("aliases", []))}
    for group in _armed_groups():
        aliases = [a for a in group["aliases"] if _normalise(a) not in taken]
        if group["id"] not in entries and len(aliases) == len(group["aliases"]):
            entries[group["id"]] = group
    actors = {
        key: Actor(
            id=key, name=e.get("name", key), kind=e.get("kind", "organization"),
            aliases=tuple(e.get("aliases", [])), generic=tuple(e.get("generic", [])),
            side=e.get("side"), role=e.get("role"), country=e.get("country"),
            countries=tuple(e.get("countries", [])), independent=bool(e.get("independent")),
            regions=tuple(e.get("regions", [])), state=bool(e.get("state")),
        )
        for key, e in entries.items()
    }
    organs = {organ: (spec["name"], tuple(_normalise(p) for p in spec["phrases"]))
              for organ, spec in (raw.get("organs") or {}).items()}
    return ActorDictionary(actors, frozenset(raw.get("media_words", [])), frozenset(raw.get("unnamed_words", [])),
                           organs, frozenset(raw.get("independent_words", [])),
                           frozenset(raw.get("relation_words", [])), frozenset(raw.get("media_roles", [])),
                           officials=_officials(), organ_modifiers=frozenset(raw.get("organ_modifiers", [])))


def _officials() -> dict[str, tuple[str, str]]:
    """State officials (data/officials.tsv) by the name key of their full name."""
    path = resources.files("counterclaim.data").joinpath("officials.tsv")
    if not path.is_file():
        return {}
    out: dict[str, tuple[str, str]] = {}
    for r in read_table(path):
        out.setdefault(name_key(r["name"]), (r["name"], r.get("country", "")))
    return out
