"""Time the yearly summary PDF at ten times the real volume, in a real Celery worker.

    .venv/bin/python scripts/testenv.py .venv/bin/python bench/summary_pdf.py [--scale 10]

testenv.py provides a throw-away PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL). The
script migrates, loads the real structure and writes `150 × scale` initiatives (2020 had about
150) spread over the real NPOs, NSGs and the primary-care council, through bulk inserts. It then
starts a Celery worker as a separate process (`celery worker --pool solo`, the production
settings), asks for the summary the way the page does (services.summary_request) and waits for
the task. A tenth of the initiatives link a recommendation and a vårdförlopp. It prints the
time from request to finished file, the worker's own time for the task from its progress
rows, the PDF's size and pages, and the worker's peak resident memory (VmHWM from /proc)
before and after the task. Every text is marked as bench data.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
REAL_VOLUME = 150  # initiatives a year (2020)


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident set size (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("VmHWM saknas")


def write_initiatives(year: int, count: int) -> int:
    from kunskapsstyrning.organisation.models import Group
    from plans.choices import PLANNING_KINDS, InitiativeKind, InitiativeStatus, PlanState
    from plans.models import Initiative, PlanYear

    groups = list(Group.objects.filter(kind__in=PLANNING_KINDS).order_by("pk"))
    plans = PlanYear.objects.bulk_create(
        [PlanYear(group=g, year=year, state=PlanState.DRAFT, change_note="Bench") for g in groups]
    )
    kinds, statuses = InitiativeKind.values, InitiativeStatus.values
    Initiative.objects.bulk_create(
        [
            Initiative(
                plan=plans[n % len(plans)],
                position=n,
                title=f"Bench: insats {n} om uppföljning och kunskapsstöd i {groups[n % len(groups)].name}",
                description="Benchdata: påhittad beskrivning av insatsens syfte, leverans och samverkan, "
                "tillräckligt lång för att radbrytas som en verklig beskrivning i sammanfattningen.",
                kind=kinds[n % len(kinds)],
                status=statuses[n % len(statuses)],
            )
            for n in range(count)
        ],
        batch_size=1000,
    )
    link(year, count)
    return len(groups)


def link(year: int, count: int) -> None:
    """What the initiatives produce: a tenth of them link a recommendation and a vårdförlopp (each
    a bench row of its own), so the PDF's link lines and their prefetches are part of the time."""
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.models import Group, HealthcareRegion
    from nkk.models import Recommendation, SubjectArea
    from plans.models import Initiative
    from svf.models import CarePathway

    npo = Group.objects.filter(kind=GroupKind.NPO).order_by("pk").first()
    area = SubjectArea.objects.create(
        name="Benchområde för sammanfattningen",
        slug="bench-sammanfattning",
        healthcare_region=HealthcareRegion.objects.order_by("pk").first(),
        steering_npo=npo,
    )
    initiatives = list(Initiative.objects.filter(plan__year=year).order_by("pk").values_list("pk", flat=True))[::10]
    recs = Recommendation.objects.bulk_create(
        [
            Recommendation(slug=f"bench-pdf-{n}", title=f"Bench: kunskapsstöd {n}", subject_area=area, owning_group=npo)
            for n in range(len(initiatives))
        ]
    )
    paths = CarePathway.objects.bulk_create(
        [
            CarePathway(name=f"Bench: vårdförlopp {n}", slug=f"bench-pdf-{n}", is_demo=True)
            for n in range(len(initiatives))
        ]
    )
    Initiative.recommendations.through.objects.bulk_create(
        [
            Initiative.recommendations.through(initiative_id=i, recommendation_id=r.pk)
            for i, r in zip(initiatives, recs, strict=True)
        ]
    )
    Initiative.care_pathways.through.objects.bulk_create(
        [
            Initiative.care_pathways.through(initiative_id=i, carepathway_id=p.pk)
            for i, p in zip(initiatives, paths, strict=True)
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10, help="gånger den verkliga volymen (150 insatser)")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()

    media = tempfile.mkdtemp(prefix="bench-media-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["MEDIA_ROOT"] = media
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = media

    from kunskapsstyrning.organisation.loaders import load_structure
    from plans import selectors, services
    from plans.choices import PdfState
    from plans.models import SummaryPdf

    call_command("migrate", interactive=False, verbosity=0)
    load_structure()
    year = 2030
    count = round(REAL_VOLUME * args.scale)
    t = time.perf_counter()
    groups = write_initiatives(year, count)
    print(f"{count} insatser i {groups} grupper skrivna på {time.perf_counter() - t:.1f} s")

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "MEDIA_ROOT": media}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kunskapsstyrning", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        from kunskapsstyrning.celery import app

        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError("workern startade inte")
        rss_before = peak_rss_kib(worker.pid)
        t = time.perf_counter()
        pdf, _queued = services.summary_request(year=year, data_version=selectors.data_version(year))
        while True:
            pdf.refresh_from_db()
            if pdf.state in (PdfState.DONE, PdfState.FAILED):
                break
            if time.perf_counter() - t > args.timeout:
                raise RuntimeError("sammanfattningen blev inte klar i tid")
            time.sleep(0.1)
        elapsed = time.perf_counter() - t
        rss_after = peak_rss_kib(worker.pid)
        if pdf.state != PdfState.DONE:
            print(f"Misslyckades: {pdf.error}")
            return 1
        pdf = SummaryPdf.objects.get(pk=pdf.pk)
        path = Path(pdf.file.path)
        from pypdf import PdfReader

        pages = len(PdfReader(path).pages)
        in_worker = (pdf.finished_at - pdf.created_at).total_seconds()
        print(f"Sammanfattning {year}: {count} insatser, {pages} sidor, {path.stat().st_size / 1e6:.1f} MB")
        print(
            f"Tid från beställning till färdig fil: {elapsed:.1f} s (beställd → klar enligt raden: {in_worker:.1f} s)"
        )
        print(f"Workerns toppminne (VmHWM): {rss_before / 1024:.0f} MiB före, {rss_after / 1024:.0f} MiB efter")
        return 0
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
