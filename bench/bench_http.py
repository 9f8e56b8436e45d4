"""Benchmark: HTTP /api/chat throughput and latency at concurrency 1, 16 and 64.

    python bench/bench_http.py [--seconds 15] [--concurrency 1 16 64] [--url http://127.0.0.1:8000]

Starts `bot serve` in its own process (rate limit off, a scratch SQLite file) unless --url is
given, and drives it from a separate load-generating process: each virtual user holds its own
conversation and sends the evaluation questions in turn. Prints requests per second, latency
percentiles and errors. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def questions() -> list[str]:
    from bot.eval.dataset import load_dialogues

    return [t.user for d in load_dialogues(ROOT / "eval") for t in d.turns]


async def _user(client: httpx.AsyncClient, url: str, uid: int, messages: list[str], deadline: float,
                latencies: list[float], errors: list[int]) -> None:
    i = uid
    session = (await client.post(f"{url}/api/sessions")).json()["session_id"]
    while time.perf_counter() < deadline:
        message = messages[i % len(messages)]
        i += 1
        started = time.perf_counter()
        try:
            r = await client.post(f"{url}/api/chat", json={"session_id": session, "message": message})
            ok = r.status_code == 200
        except httpx.HTTPError:
            ok = False
        latencies.append(time.perf_counter() - started)
        if not ok:
            errors.append(1)


async def _load(url: str, concurrency: int, seconds: float, messages: list[str]) -> dict:
    latencies: list[float] = []
    errors: list[int] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()
        await asyncio.gather(*(_user(client, url, u, messages, deadline, latencies, errors) for u in range(concurrency)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {"concurrency": concurrency, "requests": len(latencies), "rps": len(latencies) / elapsed,
            "p50": statistics.median(ordered) * 1000, "p95": pct(0.95), "p99": pct(0.99), "errors": len(errors)}


def _generator(url: str, concurrency: int, seconds: float, messages: list[str], out) -> None:
    out.put(asyncio.run(_load(url, concurrency, seconds, messages)))


def start_server(port: int) -> subprocess.Popen:
    scratch = Path(tempfile.mkdtemp(prefix="bench-http-"))
    env = {**os.environ, "BOT_RATE_LIMIT_PER_MINUTE": "0", "BOT_DB_PATH": str(scratch / "bench.sqlite3")}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16, 64])
    parser.add_argument("--url")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = None if args.url else start_server(args.port)
    url = args.url or f"http://127.0.0.1:{args.port}"
    messages = questions()
    try:
        print(f"{'conc':>5} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for concurrency in args.concurrency:
            queue = multiprocessing.Queue()
            worker = multiprocessing.Process(target=_generator, args=(url, concurrency, args.seconds, messages, queue))
            worker.start()
            r = queue.get()
            worker.join()
            print(f"{r['concurrency']:>5} {r['requests']:>9} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                  f"{r['p99']:>8.1f} {r['errors']:>7}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
