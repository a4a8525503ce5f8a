"""Fictitious demo people and log-ins, loaded by `manage.py load_demo` (idempotent).

Every person made here has is_demo=True, an obviously invented surname and an address under the
reserved .invalid domain, and is shown with a "Demo" badge. Nothing here is clinical content.
"""

import datetime
import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.text import slugify

from . import services
from .choices import DIRECTORY_KINDS, GroupKind, HostingKind, RelationKind, Role
from .models import Group, HealthcareRegion, Hosting, Membership, Person
from .registry import registry

#: An auth group that only grants the demo support login the admin's model permissions of the
#: other apps. Who *is* support staff is decided by membership of the stödfunktion group.
SUPPORT_STAFF_ADMIN_GROUP = "Nationell stödfunktion"
#: The apps whose admin the support function uses (pghistory: the audit log across all models).
SUPPORT_STAFF_APPS = ("organisation", "declarations", "nominations", "notices", "pghistory")
DEMO_PASSWORD = "demo-kunskap-2026"  # noqa: S105  (printed by `make run`; demo accounts only)
DEMO_START = datetime.date(2025, 1, 1)
DEMO_END = datetime.date(2027, 12, 31)  # a chair serves at most three years

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Eva",
    "Anders",
    "Sara",
    "Per",
    "Lena",
    "Mikael",
    "Emma",
    "Nils",
    "Ingrid",
    "Oskar",
    "Sofia",
    "Henrik",
    "Elin",
    "Magnus",
    "Ida",
    "Fredrik",
]
# Surnames that no one carries, so a demo person can never be mistaken for a real one.
SURNAMES = [
    "Demosson",
    "Exempelberg",
    "Provlund",
    "Testström",
    "Påhittdal",
    "Fiktivqvist",
    "Övningsgren",
    "Låtsasson",
    "Modellholm",
    "Mallsten",
    "Utkastberg",
    "Skissvik",
    "Testdotter",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    description: str


DEMO_LOGINS = [
    DemoLogin("processledare", "processledare för NPO Hjärt- och kärlsjukdomar"),
    DemoLogin("stodfunktion", "medarbetare i nationella stödfunktionen (kommer åt administrationen)"),
    DemoLogin("ledamot", "ledamot i NPO Hjärt- och kärlsjukdomar och i en arbetsgrupp"),
    DemoLogin(
        "lpoordforande",
        "ordförande i LPO Barn- och ungdomars hälsa i Region Västerbotten (skriver regionens tillägg "
        "till kunskapsstöd som NPO Barn och ungdomars hälsa styr)",
    ),
]
#: The local group the regional demo login chairs: a real LPO that covers a real NPO (2023 deck).
DEMO_LPO = "vasterbotten-lpo-barn-och-ungdomars-halsa"


def _load_demo_rosters() -> None:
    """Six regional seats (the host's member chairs) and a process leader in every NPO, NSG and
    the primary-care council, written in bulk by services.memberships_bulk_create: a few queries
    instead of thousands, with one history entry per group saying that demo people were loaded."""
    healthcare_regions = list(HealthcareRegion.objects.order_by("sort_order"))
    hosts = {
        h.group_id: h.healthcare_region
        for h in Hosting.objects.current().filter(kind=HostingKind.HOST, healthcare_region__isnull=False)
    }
    groups = list(Group.objects.filter(kind__in=DIRECTORY_KINDS).order_by("kind", "name"))
    seats = len(healthcare_regions) + 1
    names = _names()
    wanted = {}
    for n in range(1, len(groups) * seats + 1):  # keys follow the group order: stable on re-runs
        first, last = next(names)
        wanted[f"demo-{n}"] = Person(
            source_key=f"demo-{n}",
            first_name=first,
            last_name=last,
            is_demo=True,
            email=f"{slugify(first)}.{slugify(last)}@demo.invalid",
            title="Demo: processledare" if n % seats == 0 else "Demo: ledamot",
        )
    existing = set(Person.objects.filter(source_key__in=wanted).values_list("source_key", flat=True))
    Person.objects.bulk_create([p for key, p in wanted.items() if key not in existing])
    people = {p.source_key: p for p in Person.objects.filter(source_key__in=wanted)}
    seated = set(Membership.objects.filter(group__in=groups, person__is_demo=True).values_list("group_id", flat=True))
    memberships = []
    for index, group in enumerate(groups):
        if group.pk in seated:
            continue
        host_region = hosts.get(group.pk) or healthcare_regions[0]
        keys = [f"demo-{index * seats + i}" for i in range(1, seats + 1)]
        for hr, key in zip(healthcare_regions, keys, strict=False):
            memberships.append(
                Membership(
                    person=people[key],
                    group=group,
                    role=Role.CHAIR if hr == host_region else Role.MEMBER,
                    represents_healthcare_region=hr,
                    start_date=DEMO_START,
                    end_date=DEMO_END,
                )
            )
        memberships.append(
            Membership(
                person=people[keys[-1]],
                group=group,
                role=Role.PROCESS_LEADER,
                represents_healthcare_region=host_region,
                start_date=DEMO_START,
            )
        )
    services.memberships_bulk_create(memberships, summary="Påhittade demoledamöter inlästa (load_demo).")


def _names():
    for surname, first in itertools.product(SURNAMES, FIRST_NAMES):
        yield first, surname


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    _load_demo_rosters()
    cardio = Group.objects.get(slug="npo-hjart-och-karlsjukdomar")
    process_leader = Membership.objects.filter(group=cardio, role=Role.PROCESS_LEADER).first().person
    member = Membership.objects.filter(group=cardio, role=Role.MEMBER).order_by("pk").first().person
    nag = (
        Group.objects.filter(relations_from__kind=RelationKind.APPOINTED_BY, relations_from__to_group=cardio)
        .order_by("name")
        .first()
    )
    if nag and not Membership.objects.filter(group=nag, person=member).exists():
        services.membership_create(
            person=member,
            group=nag,
            start_date=DEMO_START,
            represents=Membership.objects.get(group=cardio, person=member).represents,
        )
    support = Group.objects.get(kind=GroupKind.SUPPORT_FUNCTION)
    staff = Person.objects.filter(source_key="demo-support").first() or Person.objects.create(
        source_key="demo-support",
        first_name="Stina",
        last_name="Stödsson",
        is_demo=True,
        email="stina.stodsson@demo.invalid",
        title="Demo: stödfunktionen",
    )
    if not Membership.objects.filter(group=support, person=staff).exists():
        services.membership_create(person=staff, group=support, start_date=DEMO_START)

    staff_group, _ = AuthGroup.objects.get_or_create(name=SUPPORT_STAFF_ADMIN_GROUP)
    staff_group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=SUPPORT_STAFF_APPS).exclude(codename="delete_membership")
    )
    _login("processledare", process_leader)
    _login("ledamot", member)
    lpo_chair = _load_lpo_chair()
    if lpo_chair is not None:
        _login("lpoordforande", lpo_chair)
    _login("stodfunktion", staff, is_staff=True, groups=[staff_group])
    for load in registry.demo_loaders:  # the declarations, the open call … of the apps above
        load()
    return DEMO_LOGINS


def _load_lpo_chair() -> Person | None:
    """A fictitious chair of a real LPO: the regional level's demo login (None without the LPO)."""
    lpo = Group.objects.filter(slug=DEMO_LPO, kind=GroupKind.LPO).first()
    if lpo is None:
        return None
    chair = Person.objects.filter(source_key="demo-lpo-chair").first() or Person.objects.create(
        source_key="demo-lpo-chair",
        first_name="Lovisa",
        last_name="Lokaldemosson",
        is_demo=True,
        email="lovisa.lokaldemosson@demo.invalid",
        title="Demo: ordförande i ett LPO",
    )
    if not Membership.objects.filter(group=lpo, person=chair).exists():
        services.membership_create(person=chair, group=lpo, role=Role.CHAIR, start_date=DEMO_START, end_date=DEMO_END)
    return chair


def _login(username: str, person: Person, *, is_staff: bool = False, groups=()) -> None:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": person.first_name, "last_name": person.last_name, "email": person.email},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
    user.is_staff = is_staff
    user.save()
    user.groups.set(groups)
    if person.user_id != user.pk:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.save(update_fields=["user"])
