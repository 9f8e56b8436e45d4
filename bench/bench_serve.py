"""Benchmark: serving process start time (to /readyz) and resident memory.

    python bench/bench_serve.py [--port 8766]

Uses the existing index (build it first with `bot index`), so the figure is the start of a
server, not of a build.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "bot", "index", "--quiet"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if not (ROOT / "index" / "current").exists() else None
    env = {**os.environ, "BOT_DB_PATH": str(Path(tempfile.mkdtemp()) / "serve.sqlite3")}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(args.port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{args.port}"
    try:
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        ready = time.perf_counter() - started
        idle = rss_mb(proc.pid)
        sessions = [httpx.post(f"{url}/api/sessions").json()["session_id"] for _ in range(20)]
        for i in range(200):
            httpx.post(f"{url}/api/chat", json={"session_id": sessions[i % 20], "message": "济南医保卡里的钱可以给家人用吗"})
        print(f"start to ready: {ready:.2f} s")
        print(f"resident memory: {idle:.0f} MB when ready, {rss_mb(proc.pid):.0f} MB after 200 chats")
    finally:
        proc.terminate()
        proc.wait(timeout=15)


if __name__ == "__main__":
    main()
