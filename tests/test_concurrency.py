"""The web server keeps serving reads while documents are written to its database.

DuckDB allows one writing process per file, so the README's safe pattern is: while
``dyads serve`` runs, write through the server (``POST /api/analyze``), whose one writer
waits for the readers of the moment and holds the file for one transaction. The unsafe
pattern, a second process writing to the file, must end in a clear message on either side:
the second writer is refused while a request reads, and requests made while the second
writer holds the file get a 503 naming the cause; the server survives both.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

from dyads.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
READS = ("/api/stats", "/api/documents?limit=5", "/api/events?limit=5", "/api/dyads?limit=5")
N_WRITES = 4  # the server allows 6 analyses a minute per client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _articles(n: int) -> list[dict]:
    path = sorted(CORPUS.glob("*.jsonl"))[1]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[:n]]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    """``dyads serve`` in a subprocess on a free loopback port, over a new database."""
    db = tmp_path_factory.mktemp("concurrency") / "served.duckdb"
    with Store(str(db)):  # an empty dyads database
        pass
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "dyads.cli", "serve", "--db", str(db),
                             "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(f"dyads serve exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("dyads serve did not start within 60 s")
        time.sleep(0.2)
    yield base, db, proc
    proc.terminate()
    proc.wait(timeout=30)


def _read_until(base: str, stop: threading.Event, statuses: Counter, counts: list[int]) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        i = 0
        while not stop.is_set():
            response = client.get(READS[i % len(READS)])
            statuses[response.status_code] += 1
            if READS[i % len(READS)] == "/api/stats" and response.status_code == 200:
                counts.append(response.json()["documents"])
            i += 1


def test_reads_go_on_while_the_server_writes(server) -> None:  # type: ignore[no-untyped-def]
    base, _, proc = server
    stop = threading.Event()
    statuses: Counter = Counter()
    counts: list[int] = []
    readers = [threading.Thread(target=_read_until, args=(base, stop, statuses, counts))
               for _ in range(3)]
    for t in readers:
        t.start()
    written: list[str] = []
    reads_during_writes: list[int] = []
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            for article in _articles(N_WRITES):
                before = sum(statuses.values())
                response = client.post("/api/analyze", json={
                    "text": article["text"], "title": article.get("title"),
                    "published": article["published"], "store": True})
                assert response.status_code == 200, response.text
                body = response.json()
                assert body["stored"] is True
                written.append(body["doc_id"])
                reads_during_writes.append(sum(statuses.values()) - before)
                # visible at once, to a new request
                doc = client.get(f"/api/documents/{body['doc_id']}")
                assert doc.status_code == 200, doc.text
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=60)
    assert proc.poll() is None
    assert set(statuses) == {200}, statuses  # not one read failed or was refused
    assert sum(reads_during_writes) >= N_WRITES  # the readers were served during the writes
    assert counts == sorted(counts)  # readers never saw a write undone or half done
    final = httpx.get(base + "/api/stats", timeout=30).json()
    assert final["documents"] == len(set(written)) == N_WRITES


def test_second_writer_is_refused_while_the_server_reads(server) -> None:  # type: ignore[no-untyped-def]
    """A request in flight holds a read-only connection: a second writer gets a clear error."""
    base, db, proc = server
    text = Path(db).parent / "one.txt"
    text.write_text("Japan protested to China on Monday.", encoding="utf-8")
    with Store(str(db), read_only=True):  # what every request of the server holds meanwhile
        result = subprocess.run([sys.executable, "-m", "dyads.cli", "analyze", str(text),
                                 "--db", str(db), "--format", "jsonl"],
                                check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "is in use by another process" in result.stderr, result.stderr
    assert str(db) in result.stderr
    assert httpx.get(base + "/api/stats", timeout=30).status_code == 200
    assert proc.poll() is None


def test_server_answers_503_while_another_process_writes(server) -> None:  # type: ignore[no-untyped-def]
    """While another process holds the file for writing, reads fail cleanly and recover."""
    base, db, proc = server
    with Store(str(db)):  # this test process is the second writer
        response = httpx.get(base + "/api/stats", timeout=30)
        assert response.status_code == 503
        error = response.json()["error"]
        assert error["message"] == "database unavailable"
        assert "in use by another process" in error["detail"]
        page = httpx.get(base + "/", timeout=30)
        assert page.status_code == 503
    assert proc.poll() is None
    assert httpx.get(base + "/api/stats", timeout=30).status_code == 200
