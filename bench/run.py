"""Serve the portal on gunicorn with ten times the real data and measure what its pages cost.

    .venv/bin/python scripts/testenv.py .venv/bin/python bench/run.py [--concurrency N …]

(`make bench`.) testenv.py provides a throw-away PostgreSQL in DATABASE_URL. This script
migrates, collects static files (production's manifest storage needs them), counts SQL queries
and times each page in-process on the real structure and again on the generated data, then starts
gunicorn on a free loopback port and loads each page with a keep-alive client of threads. Each
page's requests/s is set against a minimal Django view on the same server, client and machine:
the ratio says what the page itself costs, largely independent of how fast the machine is.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"  # the load client talks to nothing else
MINIMAL = "/bench/minimal/"
HEAVY_NPO = "npo-hjart-och-karlsjukdomar"
PAGES = [
    MINIMAL,
    "/katalog/",
    f"/grupper/{HEAVY_NPO}/",
    "/sjukvardsregioner/norra/",
    f"/grupper/{HEAVY_NPO}/ledamotslista/",
    "/mina-uppdrag/",
    "/oversikt/sammansattning/",
    # NKK (bench/nkk.py): the public list, the search and a recommendation's page.
    "/kunskapsstod/",
    "/kunskapsstod/?q=sm%C3%A4rta",
    "/kunskapsstod/bench-kunskapsstod-1/",
]
#: Pages behind a log-in, and who is logged in: the process leader of the heavy NPO (also member
#: of many groups, for Mina uppdrag) and a support-function user (the composition overview).
LOGINS = {
    f"/grupper/{HEAVY_NPO}/ledamotslista/": "bench-processledare",
    "/mina-uppdrag/": "bench-processledare",
    "/oversikt/sammansattning/": "bench-stodfunktion",
}
SESSIONS: dict[str, str] = {}  # username -> session key, made once the users exist


@dataclass
class Result:
    """One page under load: successful responses, their latencies, and failures."""

    path: str
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)  # "HTTP 500", "ConnectionResetError"
    body_bytes: int = 0

    @property
    def errors(self) -> int:
        return sum(self.failures.values())

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))  # run the cleanups
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ksportal-bench-") as tmp:
        sys.path.insert(0, str(ROOT))
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        os.environ["STATIC_ROOT"] = str(Path(tmp) / "static")  # read by settings and by gunicorn
        django.setup()
        timings, volume, queries = prepare(args.scale)
        connections.close_all()  # the server gets the database to itself
        log = Path(tmp) / "gunicorn.log"
        with gunicorn(args, log) as port:
            busy = os.getloadavg()[0]  # other work on the machine skews the numbers: show it
            load_started = time.perf_counter()
            results = [measure(port, path, args) for path in PAGES]
            timings["load"] = time.perf_counter() - load_started
        if any(r.errors for r in results):  # the tracebacks are in the log, about to be deleted
            print("gunicorn log, last lines:", *log.read_text().splitlines()[-40:], sep="\n")
    timings["total"] = time.perf_counter() - started
    report(args, volume, queries, results, timings, busy)
    return 1 if any(r.errors or not r.requests for r in results) else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="times the real data volume (10)")
    parser.add_argument("--concurrency", type=int, default=4, help="client connections (4)")
    parser.add_argument("--requests", type=int, default=20_000, help="at most, per page (20000)")
    parser.add_argument("--duration", type=float, default=10, help="seconds at most, per page (10)")
    parser.add_argument("--warmup", type=int, default=40, help="unmeasured requests per page (40)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker (2)")
    parser.add_argument(
        "--worker-class",
        choices=("gthread", "sync"),
        default="gthread",
        help="gthread keeps connections alive; sync is the Dockerfile's (gthread)",
    )
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/*.json")
    return parser.parse_args()


def prepare(scale: int) -> tuple[dict[str, float], dict[str, int], dict[str, dict]]:
    """Schema, static files and data; per-page figures on the real structure and on `scale` × it."""
    from bench.generate import generate  # needs the app registry, ready only after setup()
    from bench.nkk import generate_nkk
    from kunskapsstyrning.organisation.loaders import load_structure

    timings: dict[str, float] = {}
    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    timings["migrate + collectstatic"] = time.perf_counter() - t
    load_structure()
    make_logins()
    generate_nkk(1)  # NKK at the real volume (fictitious), so that its pages exist to measure
    real = measure_in_process()
    t = time.perf_counter()
    volume = generate(scale)
    volume.update(generate_nkk(scale))
    timings["generate"] = time.perf_counter() - t
    scaled = measure_in_process()
    queries = {path: {"real": real[path], "scaled": scaled[path]} for path in PAGES}
    return timings, volume, queries


def make_logins() -> None:
    """The bench's logged-in visitors, with sessions the load client sends as cookies."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from kunskapsstyrning.organisation.choices import GroupKind, Role
    from kunskapsstyrning.organisation.models import Group, Membership, Person

    User = get_user_model()
    leader = User.objects.create_user("bench-processledare")
    person = Person.objects.create(first_name="Bench", last_name="Processledare", is_demo=True, user=leader)
    start = datetime.date(2024, 1, 1)
    Membership.objects.create(
        person=person, group=Group.objects.get(slug=HEAVY_NPO), role=Role.PROCESS_LEADER, start_date=start
    )
    for nag in Group.objects.filter(kind=GroupKind.NAG).order_by("pk")[:30]:  # ten times a typical member
        Membership.objects.create(person=person, group=nag, role=Role.EXPERT, start_date=start)
    staff = User.objects.create_user("bench-stodfunktion")
    # Support staff = a current member of the stödfunktion group (the one source of truth).
    staff_person = Person.objects.create(first_name="Bench", last_name="Stödfunktion", is_demo=True, user=staff)
    Membership.objects.create(
        person=staff_person, group=Group.objects.get(kind=GroupKind.SUPPORT_FUNCTION), start_date=start
    )
    for user in (leader, staff):
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        SESSIONS[user.username] = session.session_key


def measure_in_process(repeat: int = 5) -> dict[str, dict]:
    """SQL queries, body size and time of each page in-process, warm, one request at a time.

    The time is the best of `repeat`: what the page costs with no other load, the figure that
    shows how a page grows with the data even when the machine is busy.
    """
    counts = {}
    for path in PAGES:
        client = Client(HTTP_HOST=HOST)
        if path in LOGINS:
            client.cookies[settings.SESSION_COOKIE_NAME] = SESSIONS[LOGINS[path]]
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        queries = len(captured)  # now: the next request's request_started empties the query log
        if response.status_code != 200:
            raise SystemExit(f"bench: {path} answered {response.status_code} in-process")
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        counts[path] = {"queries": queries, "bytes": len(response.content), "ms": min(times)}
    return counts


@contextlib.contextmanager
def gunicorn(args: argparse.Namespace, log: Path) -> Iterator[int]:
    """gunicorn on a free loopback port, as production runs it; stopped gracefully on exit."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "kunskapsstyrning.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--graceful-timeout",
        "10",
        "--error-logfile",
        str(log),
    ]
    if args.worker_class == "gthread":  # with sync, threads > 1 would silently mean gthread
        command += ["--threads", str(args.threads)]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_ready(server, port, log)
        yield port
    finally:
        server.terminate()  # SIGTERM: gunicorn finishes the requests in flight, then exits
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_ready(server: subprocess.Popen, port: int, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench: gunicorn exited ({server.returncode}):\n{log.read_text()}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", MINIMAL)
            if conn.getresponse().status == 200:
                conn.close()
                return
        time.sleep(0.2)
    raise SystemExit(f"bench: gunicorn did not answer within {timeout:.0f} s:\n{log.read_text()}")


def measure(port: int, path: str, args: argparse.Namespace) -> Result:
    """Warm the workers, then load the page until the request or the time budget is spent."""
    load(port, path, args.concurrency, args.warmup, args.duration)
    return load(port, path, args.concurrency, args.requests, args.duration)


def load(port: int, path: str, concurrency: int, budget: int, seconds: float) -> Result:
    """`concurrency` threads, each on one keep-alive connection, share `budget` requests."""
    remaining = budget
    lock = threading.Lock()

    def take() -> bool:
        nonlocal remaining
        with lock:
            remaining -= 1
            return remaining >= 0

    def stop() -> None:
        nonlocal remaining
        with lock:
            remaining = 0

    headers = {}
    if path in LOGINS:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={SESSIONS[LOGINS[path]]}"

    def client(deadline: float) -> Result:
        part = Result(path)
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.perf_counter() < deadline and take():
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()  # the next request reconnects
                part.failures[type(error).__name__] += 1
                continue
            if response.status != 200:
                part.failures[f"HTTP {response.status}"] += 1
                continue
            part.latencies_ms.append((time.perf_counter() - t) * 1000)
            part.body_bytes = len(body)
        conn.close()
        return part

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(client, started + seconds) for _ in range(concurrency)]
        try:
            parts = [future.result() for future in futures]
        finally:  # interrupted: the clients finish the request in flight and return
            stop()
    result = Result(path, seconds=time.perf_counter() - started)
    for part in parts:
        result.latencies_ms += part.latencies_ms
        result.failures += part.failures
        result.body_bytes = max(result.body_bytes, part.body_bytes)
    return result


def table(headers: list[str], rows: list[list]) -> str:
    """Text left-aligned, numbers right-aligned, columns as wide as their widest cell."""
    cells = [headers, *[[format_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]
    lines = []
    for row in cells:
        columns = zip(row, widths, numeric, strict=True)
        lines.append("  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in columns))
    return "\n".join(lines)


def format_cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)


def report(
    args: argparse.Namespace,
    volume: dict[str, int],
    queries: dict[str, dict],
    results: list[Result],
    timings: dict[str, float],
    busy: float,
) -> None:
    baseline = results[0].rps
    print(f"\nData ({args.scale}× the real volume)")
    print(table(["rows", "count"], [[what, n] for what, n in volume.items()]))
    print(f"\nPer page in-process, anonymous, one at a time (ms: best of 5); real structure and {args.scale}×")
    x = f"{args.scale}×"
    print(
        table(
            ["page", "queries real", f"queries {x}", "KB real", f"KB {x}", "ms real", f"ms {x}"],
            [
                [
                    path,
                    q["real"]["queries"],
                    q["scaled"]["queries"],
                    q["real"]["bytes"] / 1024,
                    q["scaled"]["bytes"] / 1024,
                    q["real"]["ms"],
                    q["scaled"]["ms"],
                ]
                for path, q in queries.items()
            ],
        )
    )
    threads = f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    print(
        f"\nLoad: gunicorn {args.worker_class} {args.workers} workers{threads}, "
        f"{args.concurrency} client threads, ≤{args.requests} requests or "
        f"≤{args.duration:g} s per page; {os.cpu_count()} CPUs, load average {busy:.2f} before"
    )
    print(
        table(
            ["page", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "requests", "vs minimal"],
            [
                [
                    r.path,
                    r.rps,
                    r.percentile(50),
                    r.percentile(95),
                    r.percentile(99),
                    r.errors,
                    r.requests,
                    r.rps / baseline if baseline else float("nan"),
                ]
                for r in results
            ],
        )
    )
    for r in results:
        if r.errors:
            failed = ", ".join(f"{n} × {what}" for what, n in r.failures.items())
            print(f"  {r.path} failed: {failed}")
    print("\nSeconds: " + ", ".join(f"{what} {s:.1f}" for what, s in timings.items()))
    if args.no_json:
        return
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / time.strftime("%Y%m%d-%H%M%S.json")
    out.write_text(
        json.dumps(
            {
                "args": vars(args),
                "machine": {
                    "cpus": os.cpu_count(),
                    "load_average_before": busy,
                    "python": platform.python_version(),
                    "django": django.get_version(),
                    "postgresql": connection.pg_version,
                    "debug": settings.DEBUG,
                },
                "volume": volume,
                "queries": queries,
                "timings_s": timings,
                "results": [
                    {
                        # asdict() would rebuild the Counter from (key, value) pairs: tuple keys.
                        **{k: v for k, v in asdict(r).items() if k not in ("latencies_ms", "failures")},
                        "failures": dict(r.failures),
                        "requests": r.requests,
                        "errors": r.errors,
                        "rps": r.rps,
                        "p50_ms": r.percentile(50),
                        "p95_ms": r.percentile(95),
                        "p99_ms": r.percentile(99),
                        "ratio": r.rps / baseline if baseline else None,
                    }
                    for r in results
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
