"""How long finding what is due takes among ten times the real volume of deadlines.

    .venv/bin/python scripts/testenv.py .venv/bin/python bench/reminders.py [--scale 10] [--no-readme]

Generates the structure at `scale` (generate.py: people, groups, mandates with end dates), adds
a declaration of interests for most people, calls for seats, NKK's deadlines (recommendations
with revision deadlines, about a third overdue, publishing dates and the versions aimed at
them) and an outbox that already holds a year of sent reminders, then measures, with the SQL
queries counted: the planner deciding what is due (first run, and again the same day, when
nothing is new), claiming a batch to send, the staff page's 30-day look-ahead and Min sida's
system-wide to-dos. Prints a table and, unless --no-readme, writes it into bench/README.md
between the reminder markers.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.generate import generate  # noqa: E402
from kunskapsstyrning.declarations.models import InterestDeclaration  # noqa: E402
from kunskapsstyrning.nominations.models import SeatCall  # noqa: E402
from kunskapsstyrning.notices import selectors, services  # noqa: E402
from kunskapsstyrning.notices.choices import EmailStatus  # noqa: E402
from kunskapsstyrning.notices.models import Notice  # noqa: E402
from kunskapsstyrning.organisation.models import Group, Membership, Person  # noqa: E402
from kunskapsstyrning.organisation.models.periods import today  # noqa: E402
from nkk.choices import ChangeKind, State  # noqa: E402
from nkk.models import PublishingDate, Recommendation, RecommendationVersion, SubjectArea  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
BEGIN, END = "<!-- reminders:begin -->", "<!-- reminders:end -->"
REAL_CALLS = 150  # open and closed calls for seats in a year (estimate)
REAL_SENT = 30_000  # reminders already sent in a year (estimate: ~4 000 people × a few kinds)
REAL_RECOMMENDATIONS = 400  # published primary-care recommendations and those on their way
REAL_PUBLISHING_DATES = 10  # a year's publishing dates (the support function's calendar)
DAY = datetime.timedelta(days=1)


def fill_nkk(scale: int, rng: random.Random, on: datetime.date) -> None:
    """Recommendations owned by the NAGs (revision deadlines from 400 days overdue to 800 ahead),
    publishing dates around today (one a day at most) and an open version aimed at a coming date
    for a quarter of the recommendations, a third of those not yet approved."""
    from kunskapsstyrning.organisation.choices import GroupKind
    from kunskapsstyrning.organisation.models import HealthcareRegion

    nags = list(Group.objects.filter(kind=GroupKind.NAG).values_list("pk", flat=True))
    npos = list(Group.objects.filter(kind=GroupKind.NPO).values_list("pk", flat=True))
    region = HealthcareRegion.objects.order_by("pk").first()
    areas = SubjectArea.objects.bulk_create(
        [
            SubjectArea(
                name=f"Benchområde för kunskapsstöd {i}",
                slug=f"bench-omrade-{i}",
                healthcare_region=region,
                steering_npo_id=npos[i % len(npos)],
            )
            for i in range(30)
        ]
    )
    recs = Recommendation.objects.bulk_create(
        [
            Recommendation(
                slug=f"bench-kunskapsstod-{i}",
                title=f"Benchmark: kunskapsstöd {i}",
                subject_area=areas[i % len(areas)],
                owning_group_id=rng.choice(nags),
                revision_deadline=on + rng.randint(-400, 800) * DAY,
            )
            for i in range(REAL_RECOMMENDATIONS * scale)
        ],
        batch_size=5000,
    )
    days = rng.sample(range(-180, 366), min(REAL_PUBLISHING_DATES * scale * 2, 546))
    dates = PublishingDate.objects.bulk_create([PublishingDate(date=on + d * DAY) for d in days])
    coming = [d for d in dates if d.date >= on]
    open_states = [State.DRAFT, State.REVIEW_1, State.NPO_APPROVAL_3, State.APPROVED, State.APPROVED, State.APPROVED]
    RecommendationVersion.objects.bulk_create(
        [
            RecommendationVersion(
                recommendation=rec,
                number=1,
                title=rec.title,
                state=rng.choice(open_states),
                change_kind=ChangeKind.REVISED,
                second_round_kind="remiss",
                publishing_date=rng.choice(coming),
            )
            for rec in recs
            if rng.random() < 0.25
        ],
        batch_size=5000,
    )


def fill(scale: int) -> dict[str, int]:
    counts = generate(scale)
    rng = random.Random(7)
    on = today()
    with transaction.atomic():
        people = list(Person.objects.values_list("pk", flat=True))
        InterestDeclaration.objects.bulk_create(
            [
                InterestDeclaration(
                    person_id=p, form="standard", has_interests=False, submitted_on=on - rng.randint(0, 420) * DAY
                )
                for p in people
                if rng.random() < 0.85
            ],
            batch_size=5000,
        )
        groups = list(Group.objects.values_list("pk", flat=True))
        SeatCall.objects.bulk_create(
            [
                SeatCall(
                    group_id=rng.choice(groups),
                    title=f"Benchmarkutlysning {i}",
                    task="Benchmarkdata.",
                    competences="Benchmarkdata.",
                    closes_on=on + rng.randint(-200, 200) * DAY,
                    mandate_start=on + 300 * DAY,
                    deciding_body="gruppen",
                )
                for i in range(REAL_CALLS * scale)
            ],
            batch_size=5000,
        )
        ct = ContentType.objects.get_for_model(Membership)
        memberships = list(Membership.objects.values_list("pk", "person_id", "end_date")[: REAL_SENT * scale])
        sent_at = timezone.now() - 30 * DAY
        Notice.objects.bulk_create(
            [
                Notice(
                    kind="mandat_slutar",
                    content_type=ct,
                    object_id=pk,
                    milestone=f"historik-{i % 3}",
                    person_id=person_id,
                    deadline=end or on,
                    title="Benchmark: skickad påminnelse",
                    send_after=sent_at,
                    sent_at=sent_at,
                    email_status=EmailStatus.SENT,
                )
                for i, (pk, person_id, end) in enumerate(memberships * 3)
            ][: REAL_SENT * scale],
            batch_size=5000,
        )
    fill_nkk(scale, rng, on)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts.update(
        {
            "recommendations (revision deadlines)": Recommendation.objects.count(),
            "recommendations overdue": Recommendation.objects.filter(revision_deadline__lt=on).count(),
            "publishing dates": PublishingDate.objects.count(),
            "versions aimed at a date": RecommendationVersion.objects.filter(publishing_date__isnull=False).count(),
            "memberships with an end date": Membership.objects.filter(end_date__isnull=False).count(),
            "declarations": InterestDeclaration.objects.count(),
            "calls": SeatCall.objects.count(),
            "notices (outbox) before": Notice.objects.count(),
        }
    )
    return counts


def measure(label: str, action, results: list) -> object:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        value = action()
        elapsed = time.perf_counter() - start
    results.append((label, len(queries.captured_queries), elapsed, value))
    print(f"{label}: {len(queries.captured_queries)} queries, {elapsed:.2f} s, {value}", flush=True)
    return value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    counts = fill(args.scale)
    print(counts, flush=True)
    results: list = []
    measure("plan(): decide what is due (first run of the day)", services.plan, results)
    measure("plan() again the same day (nothing new)", services.plan, results)
    measure("claim(): a batch of 50 to send", lambda: len(services.claim(Notice, limit=50)), results)
    on = today()
    measure(
        "upcoming(): the staff page's next 30 days", lambda: len(selectors.upcoming(on + DAY, on + 30 * DAY)), results
    )
    measure(
        "system-wide to-dos (Min sida, support staff)",
        lambda: sum(len(items) for _, items in selectors.my_todos(AnonymousUser(), None, on, system=True)),
        results,
    )
    counts["notices (outbox) after"] = Notice.objects.count()
    lines = [f"Skala {args.scale} ({timezone.localdate():%Y-%m-%d}):", "", "| rader | antal |", "|---|---:|"]
    lines += [f"| {k} | {v:,} |".replace(",", " ") for k, v in counts.items()]
    lines += ["", "| mätning | SQL-frågor | tid (s) | resultat |", "|---|---:|---:|---:|"]
    lines += [f"| {label} | {q} | {t:.2f} | {v} |" for label, q, t, v in results]
    table = "\n".join(lines)
    print(table)
    if not args.no_readme:
        text = README.read_text()
        block = f"{BEGIN}\n{table}\n{END}"
        if BEGIN in text:
            text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
        else:
            text += "\n## Påminnelser: vad är dags?\n\n`bench/reminders.py` (se filens docstring).\n\n" + block + "\n"
        README.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
