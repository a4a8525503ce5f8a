"""NKK at ten times the real volume: the public list, the search and a recommendation's page.

    .venv/bin/python scripts/testenv.py .venv/bin/python bench/nkk.py [--scale 10] [--no-readme]

The real volume (DOMAIN.md): about 400 primärvårdsrekommendationer in some twenty ämnesområden,
each revised every two years. `generate_nkk(scale)` tops the bench data up to `scale` × 400
recommendations with 10 published versions each (two sections a version), spread over monthly
publishing dates, and a draft under way for every tenth recommendation (which no public page may
show). Rows are made with bulk_create: versions are inserted as planned, with their sections, and
then moved to published in one UPDATE (the only way the immutability triggers of migration
0002_invariants allow), so the database's rules hold as they do for real data.

Everything is fictitious and marked: ämnesområden "Benchområde NKK n", titles ending in
"(benchmark)", and every section says it is benchmark example text and no clinical advice.

Run as a script it migrates, loads the real structure, generates, and measures in-process
(django.test.Client, production settings, one request at a time, best of `repeat`): SQL queries,
response size and time of each page. Unless --no-readme, it writes the table into bench/README.md
between the NKK markers. bench/run.py calls the same generator, so `make bench` measures the
pages under load too.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="ksportal-bench-nkk-"))
    for scope in ("ANONYMOUS", "USER", "TOKEN"):  # the benchmark is not a client to throttle
        os.environ[f"API_RATE_{scope}"] = "1000000/min"
    import django

    django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from kunskapsstyrning.organisation.choices import GroupKind  # noqa: E402
from kunskapsstyrning.organisation.models import Group, HealthcareRegion  # noqa: E402
from nkk.choices import (  # noqa: E402
    ChangeKind,
    PublishingDateStatus,
    RecommendationStatus,
    SectionKind,
    State,
    TargetPopulation,
)
from nkk.content import render_markdown  # noqa: E402
from nkk.models import (  # noqa: E402
    PublishingDate,
    Recommendation,
    RecommendationSection,
    RecommendationVersion,
    SubjectArea,
)

README = Path(__file__).resolve().parent / "README.md"
BEGIN, END = "<!-- nkk:begin -->", "<!-- nkk:end -->"
REAL_RECOMMENDATIONS = 400
REAL_AREAS = 20
VERSIONS = 10
SEED = 2026
BATCH = 2_000
SLUG_PREFIX = "bench-kunskapsstod-"
#: The recommendation whose page is measured (the first one made).
HEAVY = f"{SLUG_PREFIX}1"
SUBJECTS = [
    "Långvarig smärta",
    "Förstoppning",
    "Huvudvärk",
    "Hosta",
    "Yrsel",
    "Klåda",
    "Feber",
    "Trötthet",
    "Sömnbesvär",
    "Ryggsmärta",
    "Halsont",
    "Buksmärta",
]
WHO = ["hos barn", "hos vuxna", "hos äldre", "under graviditet", ""]
TEXT = (
    "Benchmarkdata: påhittad exempeltext (bench/nkk.py), inte ett kliniskt råd.\n\n"
    "- en punkt\n- en till punkt med **fetstil**\n\n"
    "| Steg | Exempel |\n|---|---|\n| 1 | Exempeltext |\n| 2 | Exempeltext |\n"
)
PAGES = [
    "/kunskapsstod/",
    "/kunskapsstod/?q=sm%C3%A4rta",
    f"/kunskapsstod/{HEAVY}/",
    f"/kunskapsstod/{HEAVY}/version/5/",
    "/api/v1/kunskapsstod/?page_size=500",
    "/api/v1/kunskapsstod/?q=sm%C3%A4rta&page_size=500",
    f"/api/v1/kunskapsstod/{HEAVY}/",
]


def generate_nkk(scale: int = 10) -> dict[str, int]:
    """Top the bench recommendations up to `scale` × the real volume; return the counts."""
    existing = Recommendation.objects.filter(slug__startswith=SLUG_PREFIX).count()
    wanted = scale * REAL_RECOMMENDATIONS
    if existing < wanted:
        with transaction.atomic():
            _generate(existing, wanted)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return volume()


def volume() -> dict[str, int]:
    return {
        "nkk recommendations": Recommendation.objects.count(),
        "nkk public": Recommendation.objects.public().count(),
        "nkk versions": RecommendationVersion.objects.count(),
        "nkk published versions": RecommendationVersion.objects.filter(state=State.PUBLISHED).count(),
        "nkk sections": RecommendationSection.objects.count(),
    }


def _areas() -> list[SubjectArea]:
    npos = list(Group.objects.filter(kind=GroupKind.NPO).order_by("slug"))
    regions = list(HealthcareRegion.objects.order_by("sort_order"))
    for n in range(1, REAL_AREAS + 1):
        SubjectArea.objects.get_or_create(
            slug=f"benchomrade-nkk-{n}",
            defaults={
                "name": f"Benchområde NKK {n}",
                "healthcare_region": regions[n % len(regions)],
                "steering_npo": npos[n % len(npos)],
                "description": "Benchmarkdata: påhittat ämnesområde.",
            },
        )
    return list(SubjectArea.objects.filter(slug__startswith="benchomrade-nkk-").order_by("pk"))


def _dates(today: datetime.date) -> list[PublishingDate]:
    """One published date a month for the last VERSIONS × 3 months (oldest first)."""
    days = [today.replace(day=1) - datetime.timedelta(days=30 * k) for k in range(VERSIONS * 3, 0, -1)]
    existing = set(PublishingDate.objects.filter(date__in=days).values_list("date", flat=True))
    now = timezone.now()
    PublishingDate.objects.bulk_create(
        [
            PublishingDate(
                date=d, status=PublishingDateStatus.PUBLISHED, published_at=now, note="Benchmarkdata (bench/nkk.py)."
            )
            for d in days
            if d not in existing
        ]
    )
    return list(PublishingDate.objects.filter(date__in=days).order_by("date"))


def _generate(first: int, last: int) -> None:
    rng = random.Random(SEED + first)
    today = timezone.localdate()
    areas = _areas()
    dates = _dates(today)
    nags = list(Group.objects.filter(kind=GroupKind.NAG).order_by("pk"))
    html = render_markdown(TEXT)
    kinds = [SectionKind.CARE_LEVEL, SectionKind.TREATMENT]
    populations = list(TargetPopulation.values)
    for start in range(first, last, BATCH // VERSIONS):
        stop = min(start + BATCH // VERSIONS, last)
        recs = Recommendation.objects.bulk_create(
            [
                Recommendation(
                    slug=f"{SLUG_PREFIX}{i + 1}",
                    title=f"{rng.choice(SUBJECTS)} {rng.choice(WHO)} {i + 1} (benchmark)".replace("  ", " "),
                    subject_area=areas[i % len(areas)],
                    owning_group=nags[i % len(nags)],
                    target_populations=rng.sample(populations, 2),
                    status=RecommendationStatus.ACTIVE,
                    approved_on=dates[0].date,
                )
                for i in range(start, stop)
            ]
        )
        picked = {rec.pk: sorted(rng.sample(range(len(dates)), VERSIONS)) for rec in recs}
        # One version per recommendation at a time: at most one may be open (a constraint), so
        # each is inserted as planned, given its sections and published before the next.
        for number in range(1, VERSIONS + 1):
            versions = RecommendationVersion.objects.bulk_create(
                [
                    RecommendationVersion(
                        recommendation=rec,
                        number=number,
                        title=rec.title,
                        state=State.PLANNED,
                        publishing_date=dates[picked[rec.pk][number - 1]],
                        change_kind=ChangeKind.NEW if number == 1 else ChangeKind.REVISED,
                        change_note="Benchmarkdata: påhittad ändringsbeskrivning.",
                    )
                    for rec in recs
                ],
                batch_size=BATCH,
            )
            _sections(versions, kinds, html)
            with connection.cursor() as cursor:
                # planned → published: the one step the triggers allow; the time is the date's morning.
                cursor.execute(
                    "UPDATE nkk_recommendationversion v SET state = %s, "
                    "published_at = (d.date + time '06:00') AT TIME ZONE 'Europe/Stockholm' "
                    "FROM nkk_publishingdate d WHERE d.id = v.publishing_date_id AND v.id = ANY(%s)",
                    [State.PUBLISHED, [v.pk for v in versions]],
                )
        drafts = RecommendationVersion.objects.bulk_create(
            [
                RecommendationVersion(
                    recommendation=rec,
                    number=VERSIONS + 1,
                    title=rec.title,
                    state=State.DRAFT,
                    change_kind=ChangeKind.REVISED,
                    change_note="Benchmarkdata: utkast som inte får synas.",
                )
                for rec in recs
                if int(rec.slug.removeprefix(SLUG_PREFIX)) % 10 == 0  # a draft under way
            ]
        )
        _sections(drafts, kinds, html)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE nkk_recommendation r SET current_version_id = v.id, last_published_on = d.date, "
                "revision_deadline = d.date + interval '2 years' "
                "FROM nkk_recommendationversion v JOIN nkk_publishingdate d ON d.id = v.publishing_date_id "
                "WHERE v.recommendation_id = r.id AND v.number = %s AND r.id = ANY(%s)",
                [VERSIONS, [r.pk for r in recs]],
            )


def _sections(versions, kinds, html) -> None:
    RecommendationSection.objects.bulk_create(
        [
            RecommendationSection(version=v, kind=kind, position=p, body_markdown=TEXT, body_html=html)
            for v in versions
            for p, kind in enumerate(kinds)
        ],
        batch_size=BATCH,
    )


def measure(repeat: int = 5) -> dict[str, dict]:
    """SQL queries, body size and best-of-`repeat` time of each page, in-process, anonymous."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for path in PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        queries = len(captured)  # now: the next request's request_started empties the query log
        if response.status_code != 200:
            raise SystemExit(f"bench: {path} answered {response.status_code}")
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        results[path] = {"queries": queries, "bytes": len(response.content), "ms": min(times)}
    return results


def table(real: dict, scaled: dict, scale: int) -> str:
    lines = [
        f"| Sida | SQL (verklig) | SQL ({scale}×) | ms (verklig) | ms ({scale}×) | kB ({scale}×) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for path in PAGES:
        r, s = real[path], scaled[path]
        lines.append(
            f"| `{path}` | {r['queries']} | {s['queries']} | {r['ms']:.0f} | {s['ms']:.0f} | {s['bytes'] / 1000:.0f} |"
        )
    return "\n".join(lines)


def main() -> int:
    from django.core.management import call_command

    from kunskapsstyrning.organisation.loaders import load_structure

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="times the real volume (10)")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many requests (5)")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into bench/README.md")
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_structure()
    t = time.perf_counter()
    generate_nkk(1)
    real = measure(args.repeat)
    generate_nkk(args.scale)
    generated = time.perf_counter() - t
    scaled = measure(args.repeat)
    counts = volume()
    text = "\n".join(
        [
            table(real, scaled, args.scale),
            "",
            "Data i skala {scale}: {recs} kunskapsstöd ({public} publicerade), {versions} versioner "
            "({published} publicerade), {sections} avsnitt; genererat på {secs:.0f} s.".format(
                scale=args.scale,
                recs=counts["nkk recommendations"],
                public=counts["nkk public"],
                versions=counts["nkk versions"],
                published=counts["nkk published versions"],
                sections=counts["nkk sections"],
                secs=generated,
            ),
        ]
    )
    print(text)
    if not args.no_readme:
        readme = README.read_text(encoding="utf-8")
        head, _, rest = readme.partition(BEGIN)
        _, _, tail = rest.partition(END)
        README.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
