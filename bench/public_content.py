"""The public NKK, vårdförlopp and plan pages at ten times the real volume, in-process, uncached.

    .venv/bin/python scripts/testenv.py .venv/bin/python bench/public_content.py [--scale 10]
    DATABASE_URL=postgres://… .venv/bin/python bench/public_content.py --keep [--profile /kunskapsstod/]

Generates (unless the data is already there: a kept database is measured again, not doubled)
the structure (generate.py), NKK (nkk.py: 400 × scale recommendations with ten versions each),
vårdförlopp (30 × scale published pathways with three versions each) and plans (summary_pdf.py: 150 ×
scale initiatives this year), then measures each page as an anonymous visitor with
django.test.Client and production settings: SQL queries, size and the best of `--repeat` times.
`--profile PATH` prints a pyinstrument profile of one request to PATH instead. All rows are the
bench scripts' fictitious, marked data.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="ksportal-bench-public-"))
    import django

    django.setup()

from django.db import connection  # noqa: E402

PAGES = [
    "/kunskapsstod/",
    "/kunskapsstod/?page=40",
    "/kunskapsstod/?q=sm%C3%A4rta",
    "/kunskapsstod/?q=smarta",
    "/kunskapsstod/?omrade=benchomrade-nkk-3",
    "/kunskapsstod/bench-kunskapsstod-1/",
    "/kunskapsstod/bench-kunskapsstod-1/version/5/",
    "/kunskapsstod/nyligen-publicerade/",
    "/vardforlopp/",
    "/vardforlopp/benchsida-0000/",
    "/verksamhetsplaner/",
    "/verksamhetsplaner/npo-hjart-och-karlsjukdomar/{year}/",
    "/nulage/",
]


def generate(scale: int) -> None:
    from bench import generate as structure
    from bench import nkk as nkk_bench
    from bench import summary_pdf
    from kunskapsstyrning.organisation.models.periods import today
    from plans.models import Initiative
    from svf.models import CarePathway

    t = time.perf_counter()
    structure.generate(scale)
    print(f"structure: {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    nkk_bench.generate_nkk(scale)
    print(f"nkk: {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    if not CarePathway.objects.filter(slug__startswith=PATHWAY_PREFIX).exists():
        pathways(REAL_PATHWAYS * scale)
    print(f"svf: {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    year = today().year
    if not Initiative.objects.filter(plan__year=year, title__startswith="Bench:").exists():
        summary_pdf.write_initiatives(year, summary_pdf.REAL_VOLUME * scale)
    print(f"plans: {time.perf_counter() - t:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


REAL_PATHWAYS = 30
PATHWAY_PREFIX = "benchsida-"
PATHWAY_VERSIONS = 3
STEPS = 8


def pathways(count: int) -> None:
    """`count` published vårdförlopp with PATHWAY_VERSIONS published versions each (eight flow
    steps and every section a version): what the public list and a pathway's page read. Each
    version is inserted as a draft with its parts and then published by one UPDATE, the step
    the triggers of svf migration 0003 allow. bench/svf.py's generator makes the follow-up data
    (introductions, reports, indicator values) that these pages do not read."""
    import datetime

    from bench import svf as svf_bench
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.models import Group
    from svf.choices import PathwayState
    from svf.models import CarePathway

    text = "Benchmarkdata: påhittad exempeltext (bench/public_content.py), inte ett kliniskt råd."
    npos = list(Group.objects.filter(kind=GroupKind.NPO).order_by("pk"))
    nags = list(Group.objects.filter(kind=GroupKind.NAG).order_by("pk"))
    rows = CarePathway.objects.bulk_create(
        CarePathway(
            name=f"Bench: vårdförlopp {i:04}",
            slug=f"{PATHWAY_PREFIX}{i:04}",
            state=PathwayState.PUBLISHED,
            decided_on=datetime.date(2021, 1, 1),
            working_group=nags[i % len(nags)],
            definition=text,
            is_demo=True,
        )
        for i in range(count)
    )
    through = CarePathway.responsible_npos.through
    through.objects.bulk_create(
        through(carepathway_id=p.pk, group_id=npos[(i + k) % len(npos)].pk) for i, p in enumerate(rows) for k in (0, 1)
    )
    svf_bench.generate_versions(rows, versions=PATHWAY_VERSIONS, steps_each=STEPS, text=text)


def pages() -> list[str]:
    from kunskapsstyrning.organisation.models.periods import today

    return [p.format(year=today().year) for p in PAGES]


def measure(repeat: int) -> None:
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"{'page':<60}{'status':>7}{'queries':>8}{'KB':>8}{'ms':>9}", flush=True)
    for path in pages():
        client = Client(HTTP_HOST="127.0.0.1")
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        queries = len(captured)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{path:<60}{response.status_code:>7}{queries:>8}{len(response.content) / 1000:>8.1f}{min(times):>9.1f}",
            flush=True,
        )


def profile(path: str) -> None:
    from django.test import Client
    from pyinstrument import Profiler

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    profiler = Profiler(interval=0.0005)
    with profiler:
        client.get(path)
    print(profiler.output_text(unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))))


def main() -> int:
    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="the data is there: do not migrate or generate")
    parser.add_argument("--profile", metavar="PATH")
    args = parser.parse_args()
    if not args.keep:
        call_command("migrate", interactive=False, verbosity=0)
        generate(args.scale)
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.profile:
        profile(args.profile)
    else:
        measure(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
