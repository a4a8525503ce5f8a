"""What the REST API costs at ten times the real data: two lists and a conditional request.

    .venv/bin/python scripts/testenv.py .venv/bin/python bench/api.py [--scale 10] [--repeat 5]

testenv.py provides a throw-away PostgreSQL (and Redis) in DATABASE_URL. The script migrates,
loads the real structure, generates `scale` × the real volume (bench/generate.py), and measures
in-process (django.test.Client, production settings, a read token as an integration uses) for
each request: SQL queries, response size and the best of `repeat` times, on the real structure
and on the generated data. Measured:

- /api/v1/grupper/?page_size=500: the first page of all groups, with hosts and relations;
- /api/v1/uppdrag/?page_size=500&updated_since=<yesterday>: the first page of a day's changes
  (all rows here, since the generator wrote them all just now): the worst case of a daily sync;
- the same list with If-None-Match: the 304 a region's nightly sync gets when nothing changed;
- a full sync: every page of /api/v1/uppdrag/ followed through `next`, total time and pages.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="times the real data volume (10)")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many requests (5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ksportal-bench-api-") as tmp:
        sys.path.insert(0, str(ROOT))
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        os.environ["STATIC_ROOT"] = str(Path(tmp) / "static")
        for scope in ("ANONYMOUS", "USER", "TOKEN"):  # the benchmark is not a client to throttle
            os.environ[f"API_RATE_{scope}"] = "1000000/min"
        django.setup()
        run(args)
    return 0


def run(args) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.generate import generate
    from kunskapsstyrning.api.services import token_create
    from kunskapsstyrning.organisation.loaders import load_structure

    call_command("migrate", interactive=False, verbosity=0)
    load_structure()
    user, _ = get_user_model().objects.get_or_create(username="bench-api")
    _token, secret = token_create(owner=user, name="bench", scope="read")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_HOST="127.0.0.1")
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    lists = {
        "grupper": "/api/v1/grupper/?page_size=500",
        "uppdrag sedan i går": f"/api/v1/uppdrag/?page_size=500&updated_since={yesterday}",
    }

    def measure() -> dict[str, tuple[int, float, float, int]]:
        rows = {}
        for name, url in lists.items():
            rows[name] = timed(url)
        etag = client.get(lists["uppdrag sedan i går"])["ETag"]
        rows["304 (If-None-Match)"] = timed(lists["uppdrag sedan i går"], HTTP_IF_NONE_MATCH=etag)
        return rows

    def timed(url, **headers) -> tuple[int, float, float, int]:
        best, queries, size, status = float("inf"), 0, 0, 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, **headers)
                best = min(best, time.perf_counter() - started)
            queries, size, status = len(captured), len(response.content), response.status_code
        return status, best * 1000, size / 1024, queries

    def full_sync() -> tuple[int, int, float]:
        started, pages, rows = time.perf_counter(), 0, 0
        url = "/api/v1/uppdrag/?page_size=500"
        while url:
            page = client.get(url).json()
            pages, rows = pages + 1, rows + len(page["results"])
            url = page["next"]
        return pages, rows, time.perf_counter() - started

    real = measure()
    real_sync = full_sync()
    t = time.perf_counter()
    volume = generate(args.scale)
    generated = time.perf_counter() - t
    scaled = measure()
    scaled_sync = full_sync()

    print(f"\nAPI, in-process, read token, best of {args.repeat}; real structure and {args.scale}×")
    print(f"Data at {args.scale}×: " + ", ".join(f"{n} {what}" for what, n in volume.items()))
    print(
        f"{'request':<28}{'status':>7}{'queries real':>14}{'queries ×':>11}"
        f"{'KB real':>9}{'KB ×':>9}{'ms real':>9}{'ms ×':>9}"
    )
    for name in real:
        (s, ms_r, kb_r, q_r), (_s, ms_x, kb_x, q_x) = real[name], scaled[name]
        print(f"{name:<28}{s:>7}{q_r:>14}{q_x:>11}{kb_r:>9.1f}{kb_x:>9.1f}{ms_r:>9.1f}{ms_x:>9.1f}")
    for label, (pages, rows, seconds) in (("real", real_sync), (f"{args.scale}×", scaled_sync)):
        print(f"full sync of /api/v1/uppdrag/ ({label}): {rows} rows in {pages} pages, {seconds:.1f} s")
    print(f"generate: {generated:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
