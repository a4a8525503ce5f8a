"""Serve the portal on gunicorn with ten times the real data and measure what its pages cost.

    .venv/bin/python scripts/testenv.py .venv/bin/python bench/run.py [--scale 10] [--pages REGEX] …
    .venv/bin/python scripts/testenv.py .venv/bin/python bench/run.py --scale 1 --duration 2   # quick
    .venv/bin/python scripts/testenv.py .venv/bin/python bench/run.py --scale 1 --profile /katalog/

(`make bench`.) testenv.py provides a throw-away PostgreSQL in DATABASE_URL and Redis. This
script migrates, collects static files (production's manifest storage needs them), builds the real
structure with the real volume of NKK, vårdförlopp and plans, counts SQL queries and times each
page in-process, generates `scale` times the real volume (bench/generate.py, nkk.py, svf.py,
summary_pdf.py) and measures again. Then it starts gunicorn on a free loopback port and loads each
page with wrk (bench/load.py, bench/wrk.lua). Each page's requests/s is set against a minimal
Django view on the same server, load tool and machine: the ratio says what the page itself costs,
largely independent of how fast the machine is, and is compared with the page's goal (issue 13).
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench.* and the project, also when run as a script

from bench.load import CpuSampler, Run, parent_of, run_wrk, wrk_path  # noqa: E402

RESULTS = ROOT / "bench" / "results"
README = ROOT / "bench" / "README.md"
HOST = "127.0.0.1"  # the load tool talks to nothing else
MINIMAL = "/bench/minimal/"
HEAVY_NPO = "npo-hjart-och-karlsjukdomar"
HEAVY_REC = "bench-kunskapsstod-1"  # bench/nkk.py
HEAVY_PATHWAY = "benchforlopp-0000"  # bench/svf.py
REAL_PATHWAYS = 30  # bench/svf.py's real volume
REAL_INITIATIVES = 150  # bench/summary_pdf.py's real volume, initiatives a year
LEADER = "bench-processledare"  # process leader of the heavy NPO, member of 30 NAG
STAFF = "bench-stodfunktion"  # a member of the support function

MIN_RESPONSES = 20  # a run with fewer is made again, longer (at most 60 s)
#: The goal of each class of page: at least this share of the minimal view's requests/s.
GOALS = {"minimal": 1.0, "anonymous": 1 / 3, "logged-in": 1 / 10, "api": 1 / 5, "304": 1 / 2}


@dataclass
class Page:
    """A page to measure: its path, its goal class and who asks for it."""

    path: str
    goal: str  # a key of GOALS
    user: str | None = None  # logged in with a session cookie as this user
    token: bool = False  # the API's read token (Bearer)
    conditional: bool = False  # sent with If-None-Match: the ETag of a first request, answered 304
    note: str = ""  # tells apart the same path for another visitor

    @property
    def status(self) -> int:
        return 304 if self.conditional else 200

    @property
    def label(self) -> str:
        return self.path + (f" ({self.note})" if self.note else "") + (" (304)" if self.conditional else "")


@dataclass
class Result:
    """A page under load: the best of its wrk runs, and how the others went."""

    page: Page
    best: Run
    runs: list[Run] = field(default_factory=list)
    seconds: float = 0.0


class Logins:
    """Session keys of the bench's users, the API token and a calendar feed's token."""

    sessions: dict[str, str] = {}
    #: The CSRF cookie a browser holds after logging in: pages with forms are kept per cookie.
    csrf_cookies: dict[str, str] = {}
    api_secret = ""
    calendar_token = ""


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))  # run the cleanups
    started = time.perf_counter()
    if not args.profile:
        wrk_path()  # fail before spending minutes on the data
    with tempfile.TemporaryDirectory(prefix="ksportal-bench-") as tmp:
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        os.environ["STATIC_ROOT"] = str(Path(tmp) / "static")  # read by settings and by gunicorn
        for scope in ("ANONYMOUS", "USER", "TOKEN"):  # the load tool is not a client to throttle
            os.environ[f"API_RATE_{scope}"] = "100000000/min"
        django.setup()
        if args.profile:
            return profile(args)
        timings, volume, pages, inproc = prepare(args)
        interrupted = False
        from django.db import connection, connections

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            postmaster = parent_of(cursor.fetchone()[0])
        connections.close_all()  # the server gets the database to itself
        log = Path(tmp) / "gunicorn.log"
        with gunicorn(args, log) as (port, master):
            busy = os.getloadavg()
            sampler = CpuSampler(master, postmaster)
            load_started = time.perf_counter()
            results: list[Result] = []
            try:
                for page in pages:
                    results.append(measure(port, page, args, inproc, sampler))
            except (KeyboardInterrupt, SystemExit):  # Ctrl-C or SIGTERM: report what was measured
                interrupted = True
                print(f"bench: interrupted after {len(results)} of {len(pages)} pages", flush=True)
            timings["load"] = time.perf_counter() - load_started
            busy_after = os.getloadavg()
        failed = [r for r in results if r.best.server_errors or not r.best.requests]
        if failed:  # the tracebacks are in the log, about to be deleted
            print("gunicorn log, last lines:", *log.read_text().splitlines()[-60:], sep="\n")
    timings["total"] = time.perf_counter() - started
    if interrupted:
        args.readme = False  # an incomplete table is not the one to keep
    report(args, volume, inproc, results, timings, (busy, busy_after))
    if interrupted:
        return 130
    bad_inproc = [p for p, f in inproc.items() if f["scaled"]["status"] >= 500]
    return 1 if failed or bad_inproc else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="times the real data volume (10)")
    parser.add_argument("--pages", default="", help="only pages matching this regex (and the minimal view)")
    parser.add_argument("--duration", type=float, default=5, help="seconds per wrk run (5); longer for slow pages")
    parser.add_argument("--runs", type=int, default=3, help="wrk runs per page, the best counts (3)")
    parser.add_argument("--connections", type=int, default=32, help="wrk keep-alive connections (32)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--warmup", type=float, default=1, help="seconds of unmeasured load per page (1)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker (2)")
    parser.add_argument(
        "--worker-connections",
        type=int,
        default=0,
        help="gthread: connections a worker holds at most (default: its share of --connections + --threads)",
    )
    parser.add_argument(
        "--worker-class",
        choices=("gthread", "sync"),
        default="gthread",
        help="gthread keeps connections alive; sync is the Dockerfile's (gthread)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="in-process: best of this many requests (3)")
    parser.add_argument(
        "--profile", metavar="PATH", help="profile this page in-process with pyinstrument at --scale, then stop"
    )
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/*.json")
    parser.add_argument(
        "--readme",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write the results table into bench/README.md (default: only for a full run at scale 10)",
    )
    return parser.parse_args()


# -- Data -------------------------------------------------------------------------------------


def prepare(args: argparse.Namespace) -> tuple[dict[str, float], dict[str, int], list[Page], dict[str, dict]]:
    """Schema, static files and data; per-page figures on the real volume and on `scale` × it."""
    from django.core.management import call_command

    timings: dict[str, float] = {}
    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    timings["migrate + collectstatic"] = time.perf_counter() - t
    t = time.perf_counter()
    generate_all(1)
    timings["generate real"] = time.perf_counter() - t
    progress(f"real volume generated ({timings['generate real']:.0f} s); measuring in-process")
    pages = [p for p in page_list() if selected(p, args.pages)]
    t = time.perf_counter()
    real = measure_in_process(pages, args.repeat)
    timings["in-process real"] = time.perf_counter() - t
    progress(f"generating {args.scale}× the real volume")
    t = time.perf_counter()
    volume = generate_all(args.scale, plans=True)
    timings[f"generate {args.scale}×"] = time.perf_counter() - t
    progress(f"generated ({timings[f'generate {args.scale}×']:.0f} s); measuring in-process")
    t = time.perf_counter()
    scaled = measure_in_process(pages, args.repeat)
    timings[f"in-process {args.scale}×"] = time.perf_counter() - t
    progress(f"under load: {len(pages)} pages")
    inproc = {p.label: {"real": real[p.label], "scaled": scaled[p.label]} for p in pages}
    broken = [p for p in pages if scaled[p.label]["status"] != p.status]
    for page in broken:
        print(f"bench: {page.label} answered {scaled[page.label]['status']} in-process, not {page.status}: not loaded")
    return timings, volume, [p for p in pages if p not in broken], inproc


def generate_all(scale: int, *, plans: bool = False) -> dict[str, int]:
    """The data at `scale` × the real volume; each generator tops up to its volume.

    Scale 1 here is the real volume: the real structure (not topped up), the ten demo vårdförlopp
    (published versions), bench/nkk.py's and bench/svf.py's real volumes, the logins and a
    campaign. With `plans`, this year's plans at `scale` × (bench/summary_pdf.py writes a year's
    plans once, so the real-volume column of the plan pages shows no plans).
    """
    from django.db import connection

    from bench import summary_pdf, svf
    from bench.generate import generate
    from bench.generate import volume as structure_volume
    from bench.nkk import generate_nkk
    from kunskapsstyrning.organisation.loaders import load_structure
    from kunskapsstyrning.organisation.models.periods import today
    from svf.demo import load_demo_pathways
    from svf.models import CarePathway

    if Logins.sessions:  # second call: top up
        volume = generate(scale)
    else:
        load_structure()
        volume = structure_volume()
        make_logins()
        load_demo_pathways()
    volume.update(generate_nkk(scale))
    existing = CarePathway.objects.filter(slug__startswith="benchforlopp-").count()
    wanted = REAL_PATHWAYS * scale
    if existing < wanted:
        svf.generate(existing, wanted - existing)
    volume["svf pathways"] = CarePathway.objects.count()
    make_campaign()
    if plans:
        summary_pdf.write_initiatives(today().year, REAL_INITIATIVES * scale)
        volume["plan initiatives this year"] = REAL_INITIATIVES * scale
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return volume


def make_logins() -> None:
    """The bench's logged-in visitors with sessions sent as cookies, an API token and a calendar feed."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.crypto import get_random_string

    from kunskapsstyrning.api.services import token_create
    from kunskapsstyrning.notices.services import calendar_feed_renew
    from kunskapsstyrning.organisation.choices import GroupKind, Role
    from kunskapsstyrning.organisation.models import Group, Membership, Person

    User = get_user_model()
    start = datetime.date(2024, 1, 1)
    leader = User.objects.create_user(LEADER)
    person = Person.objects.create(first_name="Bench", last_name="Processledare", is_demo=True, user=leader)
    Membership.objects.create(
        person=person, group=Group.objects.get(slug=HEAVY_NPO), role=Role.PROCESS_LEADER, start_date=start
    )
    for nag in Group.objects.filter(kind=GroupKind.NAG).order_by("pk")[:30]:  # ten times a typical member
        Membership.objects.create(person=person, group=nag, role=Role.EXPERT, start_date=start)
    staff = User.objects.create_user(STAFF)
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
        Logins.sessions[user.username] = session.session_key
        Logins.csrf_cookies[user.username] = get_random_string(32)
    _token, Logins.api_secret = token_create(owner=leader, name="bench", scope="read")
    Logins.calendar_token = calendar_feed_renew(person=person).token


def make_campaign() -> None:
    """A revision campaign over every public recommendation, for its progress page."""
    from django.contrib.auth import get_user_model

    from nkk.campaign_services import campaign_create
    from nkk.models import Campaign

    if not Campaign.objects.filter(name="Benchkampanj").exists():
        campaign_create(
            name="Benchkampanj",
            description="Benchmarkdata: påhittad revideringskampanj (bench/run.py).",
            starts_on=datetime.date(2025, 1, 1),
            deadline=datetime.date(2027, 12, 31),
            by=get_user_model().objects.get(username=STAFF),
        )


def page_list() -> list[Page]:
    """Every page measured. Slugs and ids are looked up in the generated data."""
    from kunskapsstyrning.organisation.models.periods import today
    from nkk.models import Campaign, SubjectArea
    from plans.models import PlanYear
    from svf.models import PathwayVersion

    area = SubjectArea.objects.filter(slug__startswith="benchomrade-nkk-").order_by("pk").first()
    campaign = Campaign.objects.get(name="Benchkampanj")
    version = (
        PathwayVersion.objects.filter(published_at__isnull=False, pathway__is_demo=True)
        .exclude(pathway__slug__startswith="benchforlopp-")
        .order_by("pk")
        .select_related("pathway")
        .first()
    )
    pathway, number = (version.pathway.slug, version.number) if version else (HEAVY_PATHWAY, 1)
    plan = PlanYear.objects.filter(year=today().year).order_by("pk").select_related("group").first()
    plan_slug = plan.group.slug if plan else HEAVY_NPO
    year = today().year
    anonymous = [
        MINIMAL,
        "/",
        "/katalog/",
        f"/grupper/{HEAVY_NPO}/",
        "/sjukvardsregioner/",
        "/sjukvardsregioner/norra/",
        "/programomraden/",
        "/samverkansgrupper/",
        # NKK
        "/kunskapsstod/",
        "/kunskapsstod/?q=sm%C3%A4rta",
        f"/kunskapsstod/?omrade={area.slug if area else ''}",
        f"/kunskapsstod/{HEAVY_REC}/",
        f"/kunskapsstod/{HEAVY_REC}/version/5/",
        "/kunskapsstod/nyligen-publicerade/",
        "/kunskapsstod/nyligen-publicerade/atom/",
        f"/revideringskampanjer/{campaign.pk}/",
        # Vårdförlopp
        "/vardforlopp/",
        f"/vardforlopp/{pathway}/",
        f"/vardforlopp/{pathway}/version/{number}/",
        "/uppfoljning/vardforlopp/",
        "/uppfoljning/vardforlopp/?sjukvardsregion=norra",
        f"/uppfoljning/vardforlopp/{HEAVY_PATHWAY}/indikatorer/",
        f"/uppfoljning/vardforlopp/{HEAVY_PATHWAY}/indikatorer/b-0/?ar=2020",
        f"/uppfoljning/vardforlopp/{HEAVY_PATHWAY}/regioner/vasterbotten/",
        # Plans
        "/verksamhetsplaner/",
        f"/verksamhetsplaner/{plan_slug}/{year}/",
        "/nulage/",
        "/nulage/vakanta-platser/",
    ]
    logged_in = [
        (f"/grupper/{HEAVY_NPO}/ledamotslista/", LEADER),
        (f"/grupper/{HEAVY_NPO}/historik/", LEADER),
        ("/mina-uppdrag/", LEADER),
        ("/min-sida/", LEADER),
        ("/min-sida/", STAFF, "stödfunktion"),
        ("/notiser/", LEADER),
        ("/granskning/att-besvara/", LEADER),
        (f"/kalender/{Logins.calendar_token}.ics", None),  # the token is the credential
        ("/oversikt/sammansattning/", STAFF),
        ("/oversikt/utlysningar/", STAFF),
        ("/oversikt/paminnelser/", STAFF),
        ("/redaktion/kunskapsstod/", STAFF),
        ("/redaktion/publiceringskalender/", STAFF),
        ("/redaktion/revideringskampanjer/", STAFF),
        ("/granskning/fonster/", STAFF),
    ]
    api = [
        "/api/v1/sjukvardsregioner/",
        "/api/v1/regioner/",
        "/api/v1/grupper/",
        "/api/v1/uppdrag/",
        "/api/v1/personer/",
        "/api/v1/mina-uppdrag/",
        "/api/v1/kunskapsstod/",
        "/api/v1/kunskapsstod/amnesomraden/",
        "/api/v1/kunskapsstod/versioner/",
        "/api/v1/vardforlopp/",
        "/api/v1/vardforlopp-inforande/",
        "/api/v1/vardforlopp-indikatorer/",
        "/api/v1/vardforlopp-indikatorvarden/",
    ]
    pages = [Page(path, "minimal" if path == MINIMAL else "anonymous") for path in anonymous]
    pages += [Page(path, "logged-in", user=user, note=note) for path, user, note in ((*p, "")[:3] for p in logged_in)]
    pages += [Page(path, "api", token=True) for path in api]
    pages += [
        Page("/api/v1/uppdrag/?page_size=500", "304", token=True, conditional=True),
        Page("/api/v1/kunskapsstod/", "304", token=True, conditional=True),
    ]
    return pages


def progress(text: str) -> None:
    print(f"bench {time.strftime('%H:%M:%S')}: {text}", flush=True)


def selected(page: Page, pattern: str) -> bool:
    return page.goal == "minimal" or not pattern or re.search(pattern, page.label) is not None


def headers_for(page: Page) -> dict[str, str]:
    """HTTP headers of the page's requests (the ETag is added separately for a conditional request)."""
    from django.conf import settings

    headers = {}
    if page.user:
        headers["Cookie"] = (
            f"{settings.SESSION_COOKIE_NAME}={Logins.sessions[page.user]}; "
            f"{settings.CSRF_COOKIE_NAME}={Logins.csrf_cookies[page.user]}"
        )
    if page.token:
        headers["Authorization"] = f"Bearer {Logins.api_secret}"
    return headers


# -- In-process -------------------------------------------------------------------------------


def measure_in_process(pages: list[Page], repeat: int) -> dict[str, dict]:
    """SQL queries, body size and time of each page in-process, warm, one request at a time.

    The time is the best of `repeat`: what the page costs with no other load, the figure that
    shows how a page grows with the data even when the machine is busy.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    figures = {}
    for page in pages:
        client = Client(HTTP_HOST=HOST)
        headers = headers_for(page)
        first = client.get(page.path, headers=headers)
        if page.conditional and first.has_header("ETag"):
            headers["If-None-Match"] = first["ETag"]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(page.path, headers=headers)
            times = [(time.perf_counter() - started) * 1000]
        queries = len(captured)  # now: the next request's request_started empties the query log
        for _ in range(repeat - 1):
            started = time.perf_counter()
            client.get(page.path, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
        body = response.getvalue() if response.streaming else response.content
        figures[page.label] = {
            "status": response.status_code,
            "queries": queries,
            "bytes": len(body),
            "ms": min(times),
        }
    return figures


def profile(args: argparse.Namespace) -> int:
    """Generate the data at --scale, then profile one page in-process with pyinstrument."""
    from django.core.management import call_command
    from django.test import Client
    from pyinstrument import Profiler

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    generate_all(1)  # the real volume and the logins, then topped up as a load run does
    generate_all(args.scale, plans=True)
    page = next((p for p in page_list() if p.path == args.profile), None)
    if page is None:
        user = LEADER if args.profile.startswith(("/mina-uppdrag/", "/min-sida/", "/notiser/")) else None
        user = STAFF if args.profile.startswith(("/oversikt/", "/redaktion/")) else user
        page = Page(
            args.profile, "logged-in" if user else "anonymous", user=user, token=args.profile.startswith("/api/")
        )
    client = Client(HTTP_HOST=HOST)
    headers = headers_for(page)
    response = client.get(page.path, headers=headers)  # warm: imports, template loading
    if page.conditional and response.has_header("ETag"):
        headers["If-None-Match"] = response["ETag"]
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.repeat):
            response = client.get(page.path, headers=headers)
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / ("profile-" + (re.sub(r"[^A-Za-z0-9]+", "-", page.path).strip("-") or "start"))
    stem.with_suffix(".html").write_text(profiler.output_html())
    text = profiler.output_text(unicode=True, color=False)
    stem.with_suffix(".txt").write_text(text)
    print(text)
    print(f"{page.path}: status {response.status_code}, {args.repeat} requests at {args.scale}×")
    print(f"Written to {stem.relative_to(ROOT)}.html and .txt")
    return 0 if response.status_code < 500 else 1


# -- Under load -------------------------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(args: argparse.Namespace, log: Path) -> Iterator[tuple[int, int]]:
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
        "--timeout",
        "120",  # slow pages at 10× must not get their worker killed mid-run
        "--error-logfile",
        str(log),
        "--no-control-socket",  # its default path is shared by every gunicorn on the machine
    ]
    if args.worker_class == "gthread":  # with sync, threads > 1 would silently mean gthread
        command += ["--threads", str(args.threads), "--worker-connections", str(worker_connections(args))]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_ready(server, port, log, args.workers)
        yield port, server.pid
    finally:
        server.terminate()  # SIGTERM: gunicorn finishes the requests in flight, then exits
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_connections(args: argparse.Namespace) -> int:
    """Connections a gthread worker holds at most: its share of wrk's, plus its threads.

    gthread accepts in a loop; when wrk opens all its connections at once, one worker can take
    nearly all of them and keep them (keep-alive), and half the server idles. A cap of each
    worker's share makes the others accept the rest. The threads' margin keeps every connection
    alive: gthread closes one after its response when `worker_connections - threads` are idle.
    `--worker-connections N` overrides it (1000 is gunicorn's default, no cap).
    """
    if args.worker_connections:
        return args.worker_connections
    return -(-args.connections // args.workers) + args.threads


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_ready(server: subprocess.Popen, port: int, log: Path, workers: int, timeout: float = 180) -> None:
    """Until every worker has answered (each one's pid seen in X-Bench-Worker), or one has and
    the others have had 20 s more. A busy machine takes long to import the project.
    """
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    first = 0.0
    while time.monotonic() < deadline and not (seen and time.monotonic() > first + 20):
        if server.poll() is not None:
            raise SystemExit(f"bench: gunicorn exited ({server.returncode}):\n{log.read_text()}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection(HOST, port, timeout=2)  # a new connection: any worker
            conn.request("GET", MINIMAL)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                first = first or time.monotonic()
                seen.add(response.getheader("X-Bench-Worker", ""))
                if len(seen) >= workers:
                    return
        time.sleep(0.2)
    if seen:
        return
    raise SystemExit(f"bench: gunicorn did not answer within {timeout:.0f} s:\n{log.read_text()}")


def etag(port: int, page: Page) -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    conn.request("GET", page.path, headers=headers_for(page))
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.getheader("ETag", "")


def measure(port: int, page: Page, args: argparse.Namespace, inproc: dict[str, dict], sampler: CpuSampler) -> Result:
    """Warm the workers, then `runs` wrk runs; the one with the most requests/s counts.

    A slow page gets longer runs: at least about four rounds of every connection through the
    server's threads, from its in-process time (at most 60 s), and a run with fewer than
    MIN_RESPONSES responses is made again four times as long. If the best run's responses came
    mostly from one worker, up to two more runs are made (see README: keep-alive skew).
    """
    started = time.perf_counter()
    headers = headers_for(page)
    if page.conditional:
        headers["If-None-Match"] = etag(port, page)
    ms = inproc[page.label]["scaled"]["ms"]
    slots = args.workers * (args.threads if args.worker_class == "gthread" else 1)
    seconds = min(60.0, max(args.duration, 4 * ms / 1000 * args.connections / slots))
    runs_wanted = args.runs if seconds <= 3 * args.duration else 1
    url = f"http://{HOST}:{port}{page.path}"

    def one(duration: float) -> Run:
        return run_wrk(
            url,
            seconds=duration,
            threads=args.wrk_threads,
            connections=args.connections,
            headers=headers,
            timeout=max(10.0, 2 * seconds),
            cpu_of=sampler,
        )

    if args.warmup:
        one(max(args.warmup, min(seconds, 4 * ms / 1000)))
    runs = [one(seconds)]
    while runs[-1].requests < MIN_RESPONSES and seconds < 60:  # slower under load than in-process
        seconds = min(60.0, seconds * 4)
        runs_wanted = 1
        runs.append(one(seconds))
    runs += [one(seconds) for _ in range(runs_wanted - 1)]
    best = max(runs, key=lambda r: (r.requests >= MIN_RESPONSES, r.rps))
    extra = 0
    while lopsided(best, args.workers) and extra < 2 and runs_wanted > 1:
        runs.append(one(seconds))
        best = max(runs, key=lambda r: (r.requests >= MIN_RESPONSES, r.rps))
        extra += 1
    result = Result(page, best, runs, time.perf_counter() - started)
    print(
        f"  {page.label:<60} {best.rps:9.1f} req/s  p50 {best.latency_ms['p50']:.0f} p95 "
        f"{best.latency_ms['p95']:.0f} ms  split {best.split_text(args.workers):>7}"
        f"  server {best.cpu['server']:.2f} db {best.cpu['db']:.2f} wrk {best.cpu['wrk']:.2f} cores",
        flush=True,
    )
    return result


def lopsided(run: Run, workers: int) -> bool:
    """One worker answered much more than its share (more than 70 % of two workers' responses)."""
    return workers > 1 and bool(run.split) and run.split[0] > 1 / workers + 0.2


# -- Report -----------------------------------------------------------------------------------


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
        if value != value:  # NaN
            return "–"
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()

    sha = git("rev-parse", "--short", "HEAD") or "?"
    return sha + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def rows_of(results: list[Result], inproc: dict[str, dict], workers: int) -> list[dict]:
    baseline = results[0].best.rps if results else 0.0
    base_cpu = cpu_per_request(results[0].best) if results else float("nan")
    rows = []
    for r in results:
        ratio = r.best.rps / baseline if baseline else float("nan")
        cpu_ms = cpu_per_request(r.best)
        goal = GOALS[r.page.goal]
        q = inproc[r.page.label]["scaled"]
        rps_all = [run.rps for run in r.runs]
        rows.append(
            {
                "page": r.page.label,
                "class": r.page.goal,
                "user": r.page.user or ("token" if r.page.token else "anonymous"),
                "rps": r.best.rps,
                "rps_min": min(rps_all),
                "runs": len(r.runs),
                "ratio": ratio,
                "cpu_ms": cpu_ms,
                "cpu_ratio": base_cpu / cpu_ms if cpu_ms else float("nan"),
                "goal": goal,
                "pass": ratio >= goal,
                "p50_ms": r.best.latency_ms["p50"],
                "p95_ms": r.best.latency_ms["p95"],
                "p99_ms": r.best.latency_ms["p99"],
                "queries": q["queries"],
                "kb": q["bytes"] / 1024,
                "split": r.best.split_text(workers),
                "cpu_server": r.best.cpu["server"],
                "cpu_db": r.best.cpu["db"],
                "cpu_wrk": r.best.cpu["wrk"],
                "cpu_machine": r.best.cpu["machine"],
                "requests": r.best.requests,
                "seconds": r.best.seconds,
                "statuses": r.best.statuses,
                "errors": r.best.errors,
                "workers": r.best.workers,
            }
        )
    return rows


def cpu_per_request(run: Run) -> float:
    """Milliseconds of CPU (gunicorn workers + PostgreSQL) per response."""
    return (run.cpu["server"] + run.cpu["db"]) * run.seconds / run.requests * 1000 if run.requests else float("nan")


def report(
    args: argparse.Namespace,
    volume: dict[str, int],
    inproc: dict[str, dict],
    results: list[Result],
    timings: dict[str, float],
    load: tuple[tuple[float, ...], tuple[float, ...]],
) -> None:
    from django.conf import settings
    from django.db import connection

    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sha = commit()
    x = f"{args.scale}×"
    print(f"\nData ({x} the real volume)")
    print(table(["rows", "count"], [[what, n] for what, n in volume.items()]))
    print(f"\nPer page in-process, one request at a time (ms: best of {args.repeat}); real volume and {x}")
    print(
        table(
            ["page", "status", "queries real", f"queries {x}", "KB real", f"KB {x}", "ms real", f"ms {x}"],
            [
                [
                    label,
                    q["scaled"]["status"],
                    q["real"]["queries"],
                    q["scaled"]["queries"],
                    q["real"]["bytes"] / 1024,
                    q["scaled"]["bytes"] / 1024,
                    q["real"]["ms"],
                    q["scaled"]["ms"],
                ]
                for label, q in inproc.items()
            ],
        )
    )
    threads = (
        f" × {args.threads} threads, ≤{worker_connections(args)} connections each"
        if args.worker_class == "gthread"
        else ""
    )
    print(
        f"\nUnder load, {when}, commit {sha}: gunicorn {args.worker_class} {args.workers} workers{threads}; "
        f"wrk {args.wrk_threads} threads, {args.connections} keep-alive connections, best of {args.runs} runs "
        f"of ≥{args.duration:g} s per page; {os.cpu_count()} CPUs, load average "
        f"{load[0][0]:.2f} before, {load[1][0]:.2f} after"
    )
    rows = rows_of(results, inproc, args.workers)
    print(
        table(
            [
                "page",
                "class",
                "req/s",
                "vs minimal",
                "goal",
                "ok",
                "CPU ms",
                "vs min CPU",
                "p50 ms",
                "p95 ms",
                "queries",
                "KB",
                "split %",
                "server cores",
                "db cores",
                "wrk cores",
            ],
            [
                [
                    r["page"],
                    r["class"],
                    r["rps"],
                    r["ratio"],
                    f"{r['goal']:.2f}",
                    "yes" if r["pass"] else "NO",
                    r["cpu_ms"],
                    r["cpu_ratio"],
                    r["p50_ms"],
                    r["p95_ms"],
                    r["queries"],
                    r["kb"],
                    r["split"],
                    r["cpu_server"],
                    r["cpu_db"],
                    r["cpu_wrk"],
                ]
                for r in rows
            ],
        )
    )
    if rows:
        m = rows[0]
        print(
            f"\nSaturation: on the minimal view the gunicorn workers used {m['cpu_server']:.2f} of "
            f"{os.cpu_count()} cores, wrk {m['cpu_wrk']:.2f}, PostgreSQL {m['cpu_db']:.2f}; the machine "
            f"was {m['cpu_machine']:.2f} cores busy (everything on it)."
        )
    missed = [r for r in rows if not r["pass"]]
    print(f"Goals met: {len(rows) - len(missed)} of {len(rows)} pages.")
    for r in missed:
        print(f"  missed: {r['page']} ({r['class']}) {r['ratio']:.3f} < {r['goal']:.2f}")
    for r in rows:
        odd = {s: n for s, n in r["statuses"].items() if s != ("304" if r["class"] == "304" else "200")}
        errors = {k: v for k, v in r["errors"].items() if v and k != "status"}
        if odd or errors or not r["requests"]:
            print(f"  {r['page']}: statuses {r['statuses']}, socket errors {errors}, {r['requests']} requests")
    print("\nSeconds: " + ", ".join(f"{what} {s:.1f}" for what, s in timings.items()))
    markdown = markdown_table(rows, inproc, args, when, sha, load)
    write_readme = args.readme if args.readme is not None else (args.scale == 10 and not args.pages)
    if write_readme:
        replace_between(README, "<!-- bench:begin -->", "<!-- bench:end -->", markdown)
        print(f"Table written to {README.relative_to(ROOT)}")
    if args.no_json:
        return
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / time.strftime("%Y%m%d-%H%M%S.json")
    out.write_text(
        json.dumps(
            {
                "when": when,
                "commit": sha,
                "args": vars(args),
                "machine": {
                    "cpus": os.cpu_count(),
                    "load_average_before": load[0],
                    "load_average_after": load[1],
                    "python": platform.python_version(),
                    "django": django.get_version(),
                    "postgresql": connection.pg_version,
                    "debug": settings.DEBUG,
                },
                "volume": volume,
                "in_process": inproc,
                "timings_s": timings,
                "results": rows,
                "runs": {r.page.label: [asdict(run) for run in r.runs] for r in results},
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"Written to {out.relative_to(ROOT)}")


def markdown_table(rows, inproc, args, when, sha, load) -> str:
    lines = [
        f"{when}, commit `{sha}`, skala {args.scale}, gunicorn {args.worker_class} {args.workers}×{args.threads}, "
        f"wrk {args.wrk_threads} trådar och {args.connections} anslutningar, bästa av {args.runs} körningar à "
        f"≥{args.duration:g} s; load average {load[0][0]:.2f} före, {load[1][0]:.2f} efter.",
        "",
        "| sida | klass | req/s | vs minimal | mål | ok | CPU-ms | vs minimal (CPU) | p50 ms | p95 ms | SQL | kB "
        "| fördelning % | serverkärnor |",
        "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| `{r['page']}` | {r['class']} | {r['rps']:.1f} | {r['ratio']:.3f} | {r['goal']:.2f} | "
            f"{'ja' if r['pass'] else '**nej**'} | {r['cpu_ms']:.2f} | {r['cpu_ratio']:.3f} | "
            f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['queries']} | "
            f"{r['kb']:.1f} | {r['split']} | {r['cpu_server']:.2f} |"
        )
    return "\n".join(lines)


def replace_between(path: Path, begin: str, end: str, text: str) -> None:
    content = path.read_text()
    if begin in content and end in content:
        head, rest = content.split(begin, 1)
        _old, tail = rest.split(end, 1)
        content = f"{head}{begin}\n{text}\n{end}{tail}"
    else:
        content += f"\n{begin}\n{text}\n{end}\n"
    path.write_text(content)


if __name__ == "__main__":
    sys.exit(main())
