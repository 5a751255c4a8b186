"""`counterclaim export --format acled`: real articles ingested with the CLI into a new SQLite store,
exported, and read back with pandas as an ACLED user would."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from live_server import FOUNDING, serve

pd = pytest.importorskip("pandas")

BIN = [sys.executable, "-m", "counterclaim.cli"]
SHARED = FOUNDING.parents[1]
PANJSHIR = SHARED / "data" / "ledger" / "panjshir-2021-09" / "articles"

# ACLED's export columns, in ACLED's order (the brief of issue 15)
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "actor2", "country", "admin1", "admin2", "location",
                 "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities"]
# ACLED's codebook: each event type's disorder type (protests and riots split by sub-event type)
DISORDER = {"Battles": {"Political violence"}, "Explosions/Remote violence": {"Political violence"},
            "Violence against civilians": {"Political violence"},
            "Protests": {"Demonstrations", "Political violence; Demonstrations"},
            "Riots": {"Demonstrations", "Political violence"},
            "Strategic developments": {"Strategic developments"}}
STATUSES = ("contested", "denied", "corroborated", "uncorroborated")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*BIN, *args], capture_output=True, text=True, timeout=600)


def ingest(db: Path, *paths: Path) -> None:
    out = run("ingest", "--db", str(db), "--no-progress", *map(str, paths))
    assert out.returncode == 0, out.stderr


def export(db: Path, out: Path, *extra: str) -> tuple[object, str]:
    done = run("export", "--db", str(db), "--format", "acled", "--out", str(out), *extra)
    assert done.returncode == 0, done.stderr
    return pd.read_csv(out, keep_default_na=False), done.stderr


@pytest.fixture(scope="module")
def founding_db(tmp_path_factory) -> Path:
    if not FOUNDING.exists():
        pytest.skip("../shared (the founding article) is not beside the repository")
    db = tmp_path_factory.mktemp("acled") / "founding.db"
    ingest(db, FOUNDING)
    return db


def check_events(events, store_db: Path, stderr: str) -> None:
    """What holds for any ACLED export: the columns, their types and ranges, one row per exported
    proposition, and every proposition either exported or counted as left out."""
    from counterclaim.ledger.propositions import list_propositions
    from counterclaim.storage.store import open_store

    assert list(events.columns) == ACLED_COLUMNS
    assert len(events) > 0
    dates = pd.to_datetime(events["event_date"], format="%Y-%m-%d")
    for column in ("year", "time_precision", "geo_precision", "fatalities"):
        assert pd.api.types.is_integer_dtype(events[column]), column
    assert (events["year"] == dates.dt.year).all()
    assert set(events["time_precision"]) <= {1, 2, 3} and set(events["geo_precision"]) <= {1, 2, 3}
    assert pd.api.types.is_float_dtype(events["latitude"]) and pd.api.types.is_float_dtype(events["longitude"])
    assert events["latitude"].between(-90, 90).all() and events["longitude"].between(-180, 180).all()
    assert (events["fatalities"] >= 0).all()
    for _, e in events.iterrows():
        assert e["disorder_type"] in DISORDER[e["event_type"]], (e["event_type"], e["disorder_type"])
        assert e["sub_event_type"] and e["country"] and e["location"]
        assert e["notes"].split(":")[0] in STATUSES
    # one row per proposition: the id is the country's ISO 3166 alpha-3 code and the proposition id
    assert events["event_id_cnty"].is_unique
    assert events["event_id_cnty"].str.fullmatch(r"[A-Z]{3}\d+").all()
    with open_store(str(store_db)) as store:
        props = {p["id"]: p for p in list_propositions(store, reasons=False)}
    exported = {int(i[3:]) for i in events["event_id_cnty"]}
    assert exported <= set(props)
    for _, e in events.iterrows():
        prop = props[int(e["event_id_cnty"][3:])]
        assert e["notes"].startswith(prop["status"] + ":")
        assert e["location"] in prop["places"] or not any(c["places"] for c in prop["members"])
        killed = (prop["casualties"] or {}).get("killed")
        assert e["fatalities"] == (int(killed["low"]) if killed else 0)   # the most conservative figure
    # the others are counted, by reason, in what the command reports
    assert f"exported {len(events)} events" in stderr
    left = sum(int(part.split()[0]) for part in stderr.split("events, ")[1].split(" to ")[0].split(", "))
    assert len(events) + left == len(props)


def test_founding_article_as_acled_events(founding_db, tmp_path):
    events, stderr = export(founding_db, tmp_path / "acled.csv")
    check_events(events, founding_db, stderr)
    # what any reader of the article knows: the Taliban claim Panjshir province, the NRF denies it,
    # in early September 2021; and the NRF says it killed over 1,000 Taliban fighters
    panjshir = events[(events["country"] == "Afghanistan") & (events["admin1"] == "Panjshir")]
    assert len(panjshir) > 0 and panjshir["event_id_cnty"].str.startswith("AFG").all()
    fight = panjshir[panjshir["notes"].str.startswith("contested:") & (panjshir["event_type"] == "Battles")]
    assert len(fight) >= 1
    row = fight.iloc[0]
    assert {row["actor1"], row["actor2"]} == {"Taliban", "National Resistance Front of Afghanistan"}
    assert "Taliban" in row["notes"] and " denies " in row["notes"]
    assert row["event_date"].startswith("2021-09-0")
    assert (events["fatalities"] >= 1000).any()


def test_filters_of_the_acled_export(founding_db, tmp_path):
    everything, _ = export(founding_db, tmp_path / "all.csv")
    later, _ = export(founding_db, tmp_path / "later.csv", "--since", "2021-09-06")
    assert set(later["event_id_cnty"]) == set(everything[everything["event_date"] >= "2021-09-06"]["event_id_cnty"])
    nowhere, stderr = export(founding_db, tmp_path / "none.csv", "--place", "Mariupol")
    assert len(nowhere) == 0 and list(nowhere.columns) == ACLED_COLUMNS
    assert f"{len(everything)} filtered" in stderr
    # a filter of single claims is refused, naming the option, not silently ignored
    done = run("export", "--db", str(founding_db), "--format", "acled", "--side", "nrf")
    assert done.returncode == 2 and "--side" in done.stderr


def test_a_war_of_many_articles_as_acled_events(tmp_path):
    if not PANJSHIR.is_dir():
        pytest.skip("../shared/data/ledger/panjshir-2021-09 is not beside the repository")
    db = tmp_path / "war.db"
    ingest(db, PANJSHIR)
    events, stderr = export(db, tmp_path / "acled.csv")
    check_events(events, db, stderr)
    outlets = {o for s in events["source"] for o in s.split("; ") if o}
    assert {"ANI", "TOLOnews"} <= outlets                       # outlets named in the articles' metadata
    assert set(events["source_scale"]) <= {"", "National", "International", "National-International"}
    # where sources give different death tolls, the note says so and the lowest is reported
    differ = events[events["notes"].str.contains("Fatalities (?:disputed|differ)")]
    assert len(differ) > 0
    for _, e in differ.iterrows():
        figures = e["notes"].split("Fatalities ")[1].split("(")[1].split(")")[0]
        assert e["fatalities"] == min(int(f.rsplit(" ", 1)[1]) for f in figures.split(", "))
    # the API serves the same events
    with serve(str(db)) as base:
        answer = httpx.get(f"{base}/api/export", params={"format": "acled"}, timeout=60)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        assert 'filename="acled.csv"' in answer.headers["content-disposition"]
        served = pd.read_csv(io.StringIO(answer.text), keep_default_na=False)
        assert served.equals(events)
        refused = httpx.get(f"{base}/api/export", params={"format": "acled", "side": "nrf"}, timeout=60)
        assert refused.status_code == 400 and "side" in refused.json()["detail"]
