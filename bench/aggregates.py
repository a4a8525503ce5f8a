"""What the precomputed aggregates cost at `scale` times the real volume: each page reading the
stored result, and the worker's recomputation of it.

    .venv/bin/python scripts/testenv.py .venv/bin/python bench/aggregates.py [--scale 10] [--repeat 5]

The script migrates, loads the real structure and generates `scale` × the real structure
(bench/generate.py: groups, memberships, people), the follow-up (bench/svf.py: pathways with an
introduction in every region and their reports) and, with --nkk, the recommendations
(bench/nkk.py) with a revision campaign over them. Then, per aggregate: the recomputation's time
(best of `repeat`, in-process, as the worker runs it), and the page's in-process time reading the
stored result (django.test.Client, best of `repeat`), its queries and size. The composition
overview is the support function's page; the others are public.
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
    parser.add_argument("--scale", type=int, default=10, help="times the real volume (10)")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many (5)")
    parser.add_argument("--nkk", action="store_true", help="also generate the recommendations and a campaign")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ksportal-bench-aggregates-") as tmp:
        sys.path.insert(0, str(ROOT))
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        os.environ["STATIC_ROOT"] = str(Path(tmp) / "static")
        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        run(args)
    return 0


def run(args) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import svf as bench_svf
    from bench.generate import generate
    from kunskapsstyrning.organisation import aggregates, composition_overview
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.loaders import load_structure
    from kunskapsstyrning.organisation.models import Group, Membership, Person
    from nkk import campaign_selectors
    from plans.extensions import NULAGE
    from svf import follow_up_selectors

    load_structure()
    t = time.perf_counter()
    volume = generate(args.scale)
    bench_svf.generate(0, bench_svf.REAL_PATHWAYS * args.scale)
    pages = {
        composition_overview.KIND: "/oversikt/sammansattning/",
        follow_up_selectors.MATRIX: "/uppfoljning/vardforlopp/",
        NULAGE: "/nulage/",
    }
    if args.nkk:
        from bench.nkk import generate_nkk
        from nkk import campaign_services

        generate_nkk(args.scale)
        campaign = campaign_services.campaign_create(
            name="Bench-kampanj", starts_on=datetime.date(2025, 1, 1), deadline=datetime.date(2030, 1, 1)
        )
        pages[campaign_selectors.PROGRESS] = campaign.get_absolute_url()
    print(f"genererat på {time.perf_counter() - t:.1f} s: {volume}")

    from django.contrib.auth.models import User

    staff = User.objects.create_user("bench-aggregat-stod")
    person = Person.objects.create(first_name="Bench", last_name="Aggregat", is_demo=True, user=staff)
    Membership.objects.create(
        person=person, group=Group.objects.get(kind=GroupKind.SUPPORT_FUNCTION), start_date=datetime.date(2020, 1, 1)
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)

    print(f"{'sammanställning':32} {'omräkning ms':>12} {'sida ms':>8} {'frågor':>6} {'kB':>7}  sida")
    for kind, url in pages.items():
        recompute = min(_timed(lambda kind=kind: aggregates.recompute(kind)) for _ in range(args.repeat))
        page, queries, size = float("inf"), 0, 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                page = min(page, time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)  # noqa: S101
            queries, size = len(captured), len(response.content)
        print(f"{kind:32} {recompute * 1000:12.0f} {page * 1000:8.1f} {queries:6} {size / 1024:7.1f}  {url}")


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
