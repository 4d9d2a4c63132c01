"""Benchmark the web workspace's read endpoints. Prints figures; asserts nothing.

    python benchmarks/server_latency.py [N_DOCUMENTS]

Builds a synthetic database in a temporary directory (N documents, default 2,000, eight
events each between random country/sector actors over five years), then times each
endpoint through FastAPI's test client: median and worst of 7 requests, each opening its
own read-only DuckDB connection as in serving. The data are random, so the figures measure
the query plans and the per-request overhead, not any reading of text.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from dyads.model import ActorRef, Analysis, Document, Event
from dyads.server import create_app
from dyads.store import Store

COUNTRIES = ["RUS", "USA", "CHN", "AFG", "PAK", "IRN", "IND", "TUR", "UKR", "FRA", "DEU",
             "GBR", "ISR", "SAU", "EGY"]
SECTORS = ["GOV", "MIL", "REB", "OPP", "BUS"]
TYPES = [("CONSULT", 1), ("SUPPORT", 1), ("AID", 2), ("AGREE", 1), ("ACCUSE", 3),
         ("THREATEN", 3), ("SANCTION", 4), ("ASSAULT", 4)]
URLS = ["/api/events?limit=50", "/api/events?actor=RUS&quad=4&limit=50",
        "/api/events?q=politics&since=2022&limit=50", "/api/dyads?limit=50", "/api/timeline",
        "/api/timeline?actor=RUS&recipient=USA", "/api/network", "/api/actors/RUSGOV",
        "/api/documents", "/", "/network", "/actors/RUSGOV"]


def build(path: Path, n: int, rng: random.Random) -> None:
    with Store(str(path)) as store:
        for i in range(n):
            text = f"Article {i}. " + "Some sentence about politics. " * 60
            events = []
            for k in range(8):
                actor = ActorRef("x", None, rng.choice(COUNTRIES), rng.choice(SECTORS))
                recipient = ActorRef("y", None, rng.choice(COUNTRIES), rng.choice(SECTORS))
                event_type, quad = rng.choice(TYPES)
                events.append(Event(event_type, actor, recipient, "Some sentence about politics.",
                                    "sentence", 10 + k, 18 + k, quad=quad, score=float(quad)))
            published = f"202{rng.randint(0, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            store.save(Analysis(doc=Document(text=text, title=f"A{i}", published=published),
                                events=events))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        build(path, n, random.Random(7))
        print(f"built {n:,} documents ({8 * n:,} events) in {time.perf_counter() - start:.1f} s")
        client = TestClient(create_app(path, allow_analyze=False))
        print(f"{'endpoint':45s} {'median':>9s} {'worst':>9s}")
        for url in URLS:
            times = []
            for _ in range(7):
                t = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - t)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
            print(f"{url:45s} {statistics.median(times) * 1000:7.1f}ms "
                  f"{max(times) * 1000:7.1f}ms")


if __name__ == "__main__":
    main()
