"""A bounded load test of the REST API on 127.0.0.1: p50 / p99 latency under concurrency.

    python benchmarks/load_test.py [--documents 2000] [--requests 600] [--concurrency 8]

Builds the synthetic database of benchmarks/server_latency.py in a temporary folder, starts
``dyads serve`` on a free loopback port in a subprocess, sends a fixed number of GET requests
(a mix of event searches, dyads, timelines, network and pages) from a bounded thread pool,
and prints p50, p90, p99 and worst latency, requests per second and the error count. Nothing
leaves 127.0.0.1; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_latency import URLS, build  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(base: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("server did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--documents", type=int, default=2000)
    ap.add_argument("--requests", type=int, default=600)
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.duckdb"
        build(db, args.documents, rng)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "dyads.cli", "serve", "--db", str(db),
                                   "--port", str(port), "--no-analyze"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(base)
            urls = [URLS[i % len(URLS)] for i in range(args.requests)]
            rng.shuffle(urls)
            errors = 0

            def hit(client: httpx.Client, url: str) -> float:
                nonlocal errors
                start = time.perf_counter()
                response = client.get(base + url, timeout=30)
                if response.status_code != 200:
                    errors += 1
                return (time.perf_counter() - start) * 1000

            with httpx.Client() as client, ThreadPoolExecutor(args.concurrency) as pool:
                start = time.perf_counter()
                latencies = list(pool.map(lambda u: hit(client, u), urls))
                wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{args.requests} requests, concurrency {args.concurrency}, {args.documents} documents "
          f"({args.documents * 8} events), server on 127.0.0.1")
    print(f"p50 {percentile(latencies, 0.5):.0f} ms · p90 {percentile(latencies, 0.9):.0f} ms · "
          f"p99 {percentile(latencies, 0.99):.0f} ms · worst {max(latencies):.0f} ms · "
          f"mean {statistics.mean(latencies):.0f} ms")
    print(f"{args.requests / wall:.1f} requests/s; errors (non-200): {errors}")


if __name__ == "__main__":
    main()
