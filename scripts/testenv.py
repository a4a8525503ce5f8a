#!/usr/bin/env python3
"""Run a command against throw-away PostgreSQL and Redis servers on loopback.

    python scripts/testenv.py pytest [args]     # what `make test` runs

Starts both servers in a temporary folder on free ports, exports DATABASE_URL and
CELERY_BROKER_URL, runs the command, stops the servers and returns the command's exit code
(pytest's 5, "no tests collected", is turned into a failure). Used by the benchmark too.
Only standard library: it runs before anything else is installed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_BIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name: str) -> str:
    for folder in PG_BIN_CANDIDATES:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        sys.exit(f"testenv: {name} saknas. Installera PostgreSQL: apt-get install -y postgresql")
    return found


def as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; drop to the postgres user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


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
def postgres(tmp: Path):
    data = tmp / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
    subprocess.run(
        as_postgres(
            [
                pg_bin("initdb"),
                "-D",
                str(data),
                "-U",
                "portal",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {port} -h 127.0.0.1 -k {data} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=200"
    )
    pg_ctl = [pg_bin("pg_ctl"), "-D", str(data)]
    try:
        subprocess.run(
            as_postgres([*pg_ctl, "-o", options, "-l", str(tmp / "postgres.log"), "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            as_postgres([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "portal", "portal"]), check=True
        )
        yield f"postgres://portal@127.0.0.1:{port}/portal"
    finally:
        # pg_ctl, not a signal: as root the server runs under runuser, which would not pass it on.
        subprocess.run(
            as_postgres([*pg_ctl, "-m", "immediate", "-w", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


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
    if not argv:
        sys.exit("användning: testenv.py KOMMANDO [ARG …]")
    with tempfile.TemporaryDirectory(prefix="ksportal-test-") as tmpdir:
        tmp = Path(tmpdir)
        os.chmod(tmp, 0o755)
        with postgres(tmp) as database_url, redis(tmp) as redis_url:
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "CELERY_BROKER_URL": redis_url,
                "CELERY_RESULT_BACKEND": redis_url.rsplit("/", 1)[0] + "/1",
            }
            print(f"testenv: PostgreSQL {database_url}, Redis {redis_url}", flush=True)
            code = subprocess.call(argv, env=env)
    if code == 5 and Path(argv[0]).name == "pytest":
        print("testenv: pytest samlade inga tester – det räknas som ett fel.", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
