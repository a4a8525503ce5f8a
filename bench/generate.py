"""Ten times the real data volume, on top of the real structure, for the load benchmark.

The real volumes (domain brief): 26 NPO, 8 NSG, about 100 NAG, one RPO or RSG per NPO or NSG
and sjukvårdsregion, a few hundred LPO/LAG, 8–15 members a group. All rows are made with
bulk_create, so clean() is not called: the rules it and the constraints enforce are followed
here by construction. Every person is fictitious: is_demo=True, surname Benchsson<n>, e-mail
under @bench.invalid; every group's note says it is benchmark data.

    DATABASE_URL=postgres://… .venv/bin/python bench/generate.py [SCALE]
"""

import datetime
import itertools
import os
import random
import sys
from pathlib import Path

if __name__ == "__main__":  # run as a script: make the project importable, then set Django up
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"  # PostgreSQL only, never the dev file
    import django

    django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from kunskapsstyrning.organisation.choices import (  # noqa: E402
    KIND_LEVEL,
    GroupKind,
    HostingKind,
    Level,
    RelationKind,
    Role,
)
from kunskapsstyrning.organisation.demo import FIRST_NAMES  # noqa: E402
from kunskapsstyrning.organisation.loaders import load_structure  # noqa: E402
from kunskapsstyrning.organisation.models import (  # noqa: E402
    Group,
    GroupRelation,
    HealthcareRegion,
    Hosting,
    Membership,
    Organisation,
    Person,
    Region,
)
from kunskapsstyrning.organisation.models.periods import today  # noqa: E402

#: Real volumes of the kinds that are not derived; RPO/RSG follow from NPO/NSG × sjukvårdsregion.
REAL_NATIONAL = {GroupKind.NPO: 26, GroupKind.NSG: 8, GroupKind.NAG: 100}
REAL_LOCAL = 300  # LPO + LAG in all 21 regions
REAL_PERSONS = 4_000  # people hold several assignments: about two memberships a person
ROSTER_SIZE = (8, 15)
HEAVY_GROUP = "npo-hjart-och-karlsjukdomar"  # its page is measured with a large roster
HEAVY_ROSTER = 60
HEAVY_ENDED = 20
EMAIL_DOMAIN = "bench.invalid"
NOTE = "Benchmarkdata: påhittad grupp (bench/generate.py)."
SEED = 2026
BATCH = 2_000
DAY = datetime.timedelta(days=1)

TITLES = ["Överläkare", "Specialistsjuksköterska", "Verksamhetschef", "Fysioterapeut", ""]
LABELS = {
    GroupKind.NPO: "Benchområde",
    GroupKind.NSG: "Benchsamverkan",
    GroupKind.NAG: "Bencharbetsgrupp",
}
#: Kinds with a process leader of their own.
LED_KINDS = {GroupKind.NPO, GroupKind.NSG, GroupKind.RPO, GroupKind.RSG}


def generate(scale: int = 10) -> dict[str, int]:
    """Load the real structure and top it up to `scale` times the real volume; return the counts.

    Adds nothing if bench data is already there, so that a run against a kept database measures
    the same data again instead of doubling it.
    """
    load_structure()
    if not Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
        with transaction.atomic():
            _Generator(scale).run()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as a settled database has
    return volume()


def volume() -> dict[str, int]:
    """Rows by what the pages read: groups by kind, memberships (current and ended), persons."""
    counts = {
        f"groups {kind}": n for kind, n in Group.objects.order_by("kind").values_list("kind").annotate(n=Count("pk"))
    }
    counts["groups total"] = sum(counts.values())
    counts["memberships total"] = Membership.objects.count()
    counts["memberships current"] = Membership.objects.current().count()
    counts["hostings"] = Hosting.objects.count()
    counts["persons"] = Person.objects.count()
    return counts


class _Generator:
    def __init__(self, scale: int) -> None:
        self.scale = scale
        self.rng = random.Random(SEED)
        self.today = today()
        self.healthcare_regions = list(HealthcareRegion.objects.order_by("sort_order"))
        self.regions = list(Region.objects.order_by("name"))
        self.regions_of = {
            hr.pk: [r for r in self.regions if r.healthcare_region_id == hr.pk] for hr in self.healthcare_regions
        }
        self.skr = Organisation.objects.get(slug="skr")
        self.links: list = []  # GroupRelation rows, inserted together

    def run(self) -> None:
        npos = self._national(GroupKind.NPO)
        nsgs = self._national(GroupKind.NSG)
        self._hostings(npos, nsgs)
        nags = self._national(GroupKind.NAG)
        parents = list(Group.objects.filter(kind__in=(GroupKind.NPO, GroupKind.NSG)))
        self.links += [self._link(nag, RelationKind.APPOINTED_BY, self.rng.choice(parents)) for nag in nags]
        self._mirrors()
        self._local()
        GroupRelation.objects.bulk_create(self.links, batch_size=BATCH)
        self._memberships(self._persons())

    def _days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - self.rng.randint(low, high) * DAY

    def _founded(self) -> datetime.date:
        return self._days_ago(3 * 365, 8 * 365)

    def _link(self, child: Group, kind: str, parent: Group) -> GroupRelation:
        return GroupRelation(from_group_id=child.pk, to_group_id=parent.pk, kind=kind)

    def _national(self, kind: str) -> list[Group]:
        first = Group.objects.filter(kind=kind).count() + 1
        return Group.objects.bulk_create(
            [
                Group(
                    kind=kind,
                    name=f"{LABELS[kind]} {n:04d}",
                    slug=f"bench-{kind}-{n}",
                    founded_on=self._founded(),
                    note=NOTE,
                )
                for n in range(first, REAL_NATIONAL[kind] * self.scale + 1)
            ],
            batch_size=BATCH,
        )

    def _hostings(self, npos: list[Group], nsgs: list[Group]) -> None:
        """A current host for each new NPO (some SKR, with a dormant host), some a former host."""
        rows = []
        for npo in npos:
            start = self._days_ago(200, 2000)
            region = self.rng.choice(self.healthcare_regions)
            if self.rng.random() < 0.15:
                rows.append(Hosting(group=npo, organisation=self.skr, start_date=start))
                rows.append(Hosting(group=npo, kind=HostingKind.DORMANT, healthcare_region=region, start_date=start))
            else:
                rows.append(Hosting(group=npo, healthcare_region=region, start_date=start))
            if self.rng.random() < 0.3:
                former = self.rng.choice([hr for hr in self.healthcare_regions if hr != region])
                rows.append(
                    Hosting(
                        group=npo,
                        healthcare_region=former,
                        end_date=start - DAY,
                        start_date=start - self.rng.randint(700, 2000) * DAY,
                    )
                )
        rows += [Hosting(group=nsg, organisation=self.skr, start_date=self._days_ago(200, 2000)) for nsg in nsgs]
        Hosting.objects.bulk_create(rows, batch_size=BATCH)

    def _mirrors(self) -> None:
        """An active RPO/RSG per NPO/NSG and sjukvårdsregion, a few with a closed predecessor."""
        taken = set(
            Group.objects.filter(kind__in=(GroupKind.RPO, GroupKind.RSG), closed_on__isnull=True).values_list(
                "mirror_of_id", "healthcare_region_id"
            )
        )
        national = Group.objects.filter(kind__in=(GroupKind.NPO, GroupKind.NSG)).order_by("pk")
        rows = []
        for mirrored, hr in itertools.product(national, self.healthcare_regions):
            if (mirrored.pk, hr.pk) in taken:
                continue
            kind = GroupKind.RPO if mirrored.kind == GroupKind.NPO else GroupKind.RSG
            fields = {"kind": kind, "healthcare_region": hr, "mirror_of": mirrored, "note": NOTE}
            name = f"{kind.upper()} {mirrored.name} {hr.name}"
            slug = f"bench-{kind}-{mirrored.pk}-{hr.slug}"
            founded = self._founded()
            rows.append(Group(name=name, slug=slug, founded_on=founded, **fields))
            if self.rng.random() < 0.05:
                rows.append(
                    Group(
                        name=f"{name} (tidigare)",
                        slug=f"{slug}-tidigare",
                        founded_on=founded - 3 * 365 * DAY,
                        closed_on=founded - DAY,
                        **fields,
                    )
                )
        Group.objects.bulk_create(rows, batch_size=BATCH)

    def _local(self) -> None:
        """LPOs covering one to three NPOs and LAGs under an LPO, spread over the 21 regions."""
        npos = list(Group.objects.filter(kind=GroupKind.NPO))
        existing = Group.objects.filter(kind__in=(GroupKind.LPO, GroupKind.LAG)).count()
        wanted = REAL_LOCAL * self.scale - existing
        numbers = itertools.count(existing + 1)
        for index, region in enumerate(self.regions):
            count = wanted // len(self.regions) + (index < wanted % len(self.regions))
            lpo_count = max(1, count * 3 // 5)
            groups = []
            for i in range(count):
                kind, n = (GroupKind.LPO if i < lpo_count else GroupKind.LAG), next(numbers)
                groups.append(
                    Group(
                        kind=kind,
                        name=f"{kind.upper()} Bench {n:04d} {region.name}",
                        slug=f"bench-{kind}-{n}",
                        region=region,
                        healthcare_region_id=region.healthcare_region_id,
                        founded_on=self._founded(),
                        note=NOTE,
                    )
                )
            Group.objects.bulk_create(groups, batch_size=BATCH)
            lpos = groups[:lpo_count]
            for lpo in lpos:
                covered = self.rng.sample(npos, self.rng.randint(1, 3))
                self.links += [self._link(lpo, RelationKind.COVERS, npo) for npo in covered]
            self.links += [
                self._link(lag, RelationKind.APPOINTED_BY, self.rng.choice(lpos)) for lag in groups[lpo_count:]
            ]

    def _persons(self) -> list[int]:
        people = []
        for n in range(1, REAL_PERSONS * self.scale + 1):
            first = FIRST_NAMES[n % len(FIRST_NAMES)]
            people.append(
                Person(
                    first_name=first,
                    last_name=f"Benchsson{n}",
                    is_demo=True,
                    email=f"{first.lower()}.benchsson{n}@{EMAIL_DOMAIN}",
                    title=TITLES[n % len(TITLES)],
                )
            )
        return [person.pk for person in Person.objects.bulk_create(people, batch_size=BATCH)]

    def _memberships(self, person_ids: list[int]) -> None:
        """8–15 current members in every active group, one chair at a time, some ended as history.

        People are dealt out in turn, so nobody sits twice in one group and each holds about two
        assignments across the structure.
        """
        people = itertools.cycle(person_ids)
        rows = []
        # One chair and one process leader at a time (an exclusion constraint): groups that already
        # have one, e.g. the bench's own log-ins, get no generated one.
        held = set(
            Membership.objects.filter(role__in=(Role.CHAIR, Role.PROCESS_LEADER)).values_list("group_id", "role")
        )
        for group in Group.objects.filter(closed_on__isnull=True).order_by("pk"):
            heavy = group.slug == HEAVY_GROUP
            roles = [] if (group.pk, Role.CHAIR) in held else [Role.CHAIR]
            if group.kind in LED_KINDS and (group.pk, Role.PROCESS_LEADER) not in held:
                roles.append(Role.PROCESS_LEADER)
            if self.rng.random() < 0.5:
                roles.append(Role.VICE_CHAIR)
            if group.kind == GroupKind.NPO and self.rng.random() < 0.5:
                roles.append(Role.PATIENT_REPRESENTATIVE)
            size = HEAVY_ROSTER if heavy else self.rng.randint(*ROSTER_SIZE)
            roles += [Role.MEMBER] * (size - len(roles))
            chair_start = self._days_ago(30, 1000)
            for i, role in enumerate(roles):
                rows.append(
                    Membership(
                        person_id=next(people),
                        group=group,
                        role=role,
                        start_date=chair_start if role == Role.CHAIR else self._days_ago(30, 1400),
                        end_date=None if self.rng.random() < 0.7 else self._days_ago(-1000, -30),
                        **({} if role == Role.PATIENT_REPRESENTATIVE else self._represents(group, i)),
                    )
                )
            ended = HEAVY_ENDED if heavy else self.rng.choice((0, 0, 1, 2))
            if ended and Role.CHAIR in roles:  # the former chair, who left the day before the current one took over
                rows.append(
                    Membership(
                        person_id=next(people),
                        group=group,
                        role=Role.CHAIR,
                        start_date=chair_start - self.rng.randint(1000, 1400) * DAY,
                        end_date=chair_start - DAY,
                    )
                )
            rows += [
                Membership(
                    person_id=next(people),
                    group=group,
                    start_date=self._days_ago(1800, 2600),
                    end_date=self._days_ago(30, 1700),
                    **self._represents(group, i),
                )
                for i in range(ended - 1)
            ]
        for row in rows:  # the database refuses a mandate outside the group's lifetime
            row.start_date, row.end_date = _within(row.group, row.start_date, row.end_date)
        Membership.objects.bulk_create(rows, batch_size=BATCH)

    def _represents(self, group: Group, i: int) -> dict:
        """National members speak for a sjukvårdsregion, sjukvårdsregional ones for a region."""
        level = KIND_LEVEL[group.kind]
        if level == Level.NATIONAL:
            hrs = self.healthcare_regions
            return {"represents_healthcare_region": hrs[i % len(hrs)]}
        if level == Level.HEALTHCARE_REGIONAL:
            regions = self.regions_of[group.healthcare_region_id]
            return {"represents_region": regions[i % len(regions)]}
        return {}


def _within(group: Group, start: datetime.date, end: datetime.date | None) -> tuple:
    """Clamp a generated mandate to start no earlier than the group was founded."""
    if group.founded_on and start < group.founded_on:
        start = group.founded_on
        if end is not None and end < start:
            end = start
    return start, end


if __name__ == "__main__":
    for what, n in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 10).items():
        print(f"{what:<24} {n:>7}")
