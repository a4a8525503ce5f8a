"""What the care pathways cost at ten times the real volume: the national matrix (vårdförlopp ×
region), the indicator comparison, a region's introduction, the API lists, and the public
vårdförlopp pages (the list, a pathway's live version and a version at its permanent address).

    .venv/bin/python scripts/testenv.py .venv/bin/python bench/svf.py [--scale 10] [--repeat 5]
    .venv/bin/python scripts/testenv.py .venv/bin/python bench/svf.py --scale 1   # quick

testenv.py provides a throw-away PostgreSQL in DATABASE_URL. The script migrates, loads the real
structure and generates the follow-up data twice: first the real volume (about 30 published
pathways), measured, then `scale` times that (300 pathways at 10), measured again. Per pathway:
every one of the 21 regions has an introduction at some stage, with ten periods of reports (five
years × progress and yearly report), three indicators with a value per region for each of ten
years, and ten gap-analysis activities per introduction that has reached the gap analysis. All
generated rows are fictitious (is_demo=True, "Bench" in the names). Measured in-process
(django.test.Client, production settings, anonymous, best of `repeat`): SQL queries, size, time.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
REAL_PATHWAYS = 30  # published pathways today, roughly (11–24 approved by 2022–23, more since)
YEARS = range(2016, 2026)  # ten years of indicator values
REPORT_YEARS = range(2021, 2026)  # five years × two reports: ten periods
VERSIONS = 2  # published versions per pathway
STEPS = 10  # lettered steps in each version's flow


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="times the real volume (10)")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many requests (5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ksportal-bench-svf-") as tmp:
        sys.path.insert(0, str(ROOT))
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        os.environ["STATIC_ROOT"] = str(Path(tmp) / "static")
        for scope in ("ANONYMOUS", "USER", "TOKEN"):
            os.environ[f"API_RATE_{scope}"] = "1000000/min"
        django.setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        run(args)
    return 0


def generate(start: int, count: int) -> dict[str, int]:
    """Pathways start … start+count-1 with their introductions, reports, activities, indicators and values."""
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.models import Group, Region
    from svf.choices import PathwayState
    from svf.follow_up_choices import STAGE_DATES, ActivityStatus, ReportKind, Stage
    from svf.models import CarePathway, GapActivity, Implementation, ImplementationReport, Indicator, IndicatorValue

    regions = list(Region.objects.all())
    npos = list(Group.objects.filter(kind=GroupKind.NPO))
    pathways = CarePathway.objects.bulk_create(
        CarePathway(
            name=f"Benchförlopp {i:04}",
            slug=f"benchforlopp-{i:04}",
            state=PathwayState.PUBLISHED,
            decided_on=datetime.date(2021, 1, 1),
            is_demo=True,
        )
        for i in range(start, start + count)
    )
    through = CarePathway.responsible_npos.through
    through.objects.bulk_create(
        through(carepathway_id=p.pk, group_id=npos[i % len(npos)].pk) for i, p in enumerate(pathways)
    )
    implementations = []
    for i, pathway in enumerate(pathways):
        for j, region in enumerate(regions):
            reached = (i + j) % 7  # 0: nothing, 1: declined, 2–6: decided … follow-up
            if reached == 0:
                continue
            row = Implementation(pathway=pathway, region=region, is_demo=True)
            if reached == 1:
                row.declined, row.stage = True, Stage.DECLINED
            else:
                for n, (stage, field) in enumerate(STAGE_DATES[: reached - 1]):
                    setattr(row, field, datetime.date(2021, 1 + n, 1))
                    row.stage = stage
            implementations.append(row)
    implementations = Implementation.objects.bulk_create(implementations, batch_size=2000)
    decided = [r for r in implementations if not r.declined]
    reports = ImplementationReport.objects.bulk_create(
        (
            ImplementationReport(
                implementation=r,
                kind=kind,
                year=year,
                stage=r.stage,
                summary="Benchrapport (påhittad).",
                submitted_on=datetime.date(year, 3, 1),
                is_demo=True,
            )
            for r in decided
            for year in REPORT_YEARS
            for kind in ReportKind.values
        ),
        batch_size=5000,
    )
    activities = GapActivity.objects.bulk_create(
        (
            GapActivity(
                implementation=r,
                title=f"Benchaktivitet {n}",
                owner="Bench",
                status=ActivityStatus.values[n % 3],
                position=n,
                is_demo=True,
            )
            for r in decided
            if r.gap_analysis_on
            for n in range(10)
        ),
        batch_size=5000,
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            pathway=p,
            code=f"b-{n}",
            name=f"Benchindikator {n}",
            kind="process",
            definition="Bench",
            unit="procent",
            target=Decimal(70),
            is_demo=True,
        )
        for p in pathways
        for n in range(3)
    )
    values = IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                indicator=ind, region=r, year=y, value=Decimal(40 + (ind.pk * 7 + r.pk * 3 + y) % 55), is_demo=True
            )
            for ind in indicators
            for r in regions
            for y in YEARS
        ),
        batch_size=5000,
    )
    versions, steps, sections = generate_versions(pathways)
    return {
        "pathways": len(pathways),
        "versions": versions,
        "steps": steps,
        "sections": sections,
        "introductions": len(implementations),
        "reports": len(reports),
        "activities": len(activities),
        "indicators": len(indicators),
        "values": len(values),
    }


def generate_versions(pathways, *, versions: int = VERSIONS, steps_each: int = STEPS, text: str = "") -> tuple:
    """`versions` published versions per pathway, each with `steps_each` steps and every section
    (also bench/public_content.py's pathways). A version's content can only be written while it is a
    draft (the freezing triggers), so each round inserts drafts, their steps and sections, then
    publishes them in one update."""
    from django.utils import timezone

    from nkk.content import render_markdown
    from svf.choices import SectionKind, VersionStatus
    from svf.models import FlowStep, PathwaySection, PathwayVersion
    from svf.services import step_letter

    text = text or "Benchtext (påhittad, inte ett kliniskt råd): " + "ett exempel på innehåll i vårdförloppet. " * 8
    html = render_markdown(text)
    counts = [0, 0, 0]
    for number in range(1, versions + 1):
        drafts = PathwayVersion.objects.bulk_create(
            (
                PathwayVersion(pathway=p, number=number, title=p.name, change_note=f"Benchversion {number}.")
                for p in pathways
            ),
            batch_size=2000,
        )
        steps = FlowStep.objects.bulk_create(
            (
                FlowStep(
                    version=v,
                    position=n + 1,
                    letter=step_letter(n),
                    title=f"Benchsteg {n + 1}",
                    care_actions_markdown=text,
                    care_actions_html=html,
                    patient_actions_markdown=text,
                    patient_actions_html=html,
                )
                for v in drafts
                for n in range(steps_each)
            ),
            batch_size=5000,
        )
        sections = PathwaySection.objects.bulk_create(
            (
                PathwaySection(version=v, kind=kind, position=n, body_markdown=text, body_html=html)
                for v in drafts
                for n, kind in enumerate(SectionKind.values)
            ),
            batch_size=5000,
        )
        PathwayVersion.objects.filter(pk__in=[v.pk for v in drafts]).update(
            status=VersionStatus.PUBLISHED, decided_on=datetime.date(2021, number, 1), published_at=timezone.now()
        )
        counts = [counts[0] + len(drafts), counts[1] + len(steps), counts[2] + len(sections)]
    return counts[0], counts[1], counts[2]


def run(args) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kunskapsstyrning.organisation.loaders import load_structure

    t0 = time.perf_counter()
    load_structure()
    client = Client(HTTP_HOST="127.0.0.1")
    pages = {
        "matris": "/uppfoljning/vardforlopp/",
        "matris, norra": "/uppfoljning/vardforlopp/?sjukvardsregion=norra",
        "jämförelse": "/uppfoljning/vardforlopp/benchforlopp-0000/indikatorer/b-0/?ar=2020",
        "indikatorer": "/uppfoljning/vardforlopp/benchforlopp-0000/indikatorer/",
        "införande": "/uppfoljning/vardforlopp/benchforlopp-0000/regioner/vasterbotten/",
        "API införanden": "/api/v1/vardforlopp-inforande/?page_size=500",
        "API värden": "/api/v1/vardforlopp-indikatorvarden/?page_size=500&ar=2020",
        "vfl-lista": "/vardforlopp/",
        "vårdförlopp": "/vardforlopp/benchforlopp-0000/",
        "version": "/vardforlopp/benchforlopp-0000/version/1/",
    }

    def measure():
        rows = {}
        for name, url in pages.items():
            best, queries, size, status = float("inf"), 0, 0, 0
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    best = min(best, time.perf_counter() - started)
                queries, size, status = len(captured), len(response.content), response.status_code
            rows[name] = (url, status, queries, size / 1024, best * 1000)
        return rows

    t = time.perf_counter()
    real_volume = generate(0, REAL_PATHWAYS)
    gen_real = time.perf_counter() - t
    real = measure()
    t = time.perf_counter()
    more = generate(REAL_PATHWAYS, REAL_PATHWAYS * (args.scale - 1)) if args.scale > 1 else {}
    gen_scaled = time.perf_counter() - t
    scaled = measure() if args.scale > 1 else real
    volume = {k: real_volume[k] + more.get(k, 0) for k in real_volume}

    load = os.getloadavg()[0]
    print(f"\nVårdförlopp, in-process, anonymous, best of {args.repeat}; real volume and {args.scale}×")
    print(f"Data at {args.scale}×: " + ", ".join(f"{n} {what}" for what, n in volume.items()))
    print(
        f"{'page':<16}{'status':>7}{'queries real':>14}{'queries ×':>11}"
        f"{'KB real':>9}{'KB ×':>9}{'ms real':>9}{'ms ×':>9}"
    )
    for name in pages:
        (_u, s, q_r, kb_r, ms_r), (_u2, _s, q_x, kb_x, ms_x) = real[name], scaled[name]
        print(f"{name:<16}{s:>7}{q_r:>14}{q_x:>11}{kb_r:>9.1f}{kb_x:>9.1f}{ms_r:>9.1f}{ms_x:>9.1f}")
    print(
        f"generate: real {gen_real:.1f} s, the rest {gen_scaled:.1f} s; total {time.perf_counter() - t0:.1f} s; "
        f"load average {load:.2f}"
    )


if __name__ == "__main__":
    sys.exit(main())
