"""Writes to the shared structure. Every change goes through here: validated, atomic, never lossy.

Ending is not deleting: a membership or hosting gets an end date, a renamed group keeps its
old name, so the structure can be read as it stood on any date.
"""

import datetime

from django.db import transaction

from .choices import HostingKind, Role
from .models import Group, GroupName, HealthcareRegion, Hosting, Membership, Organisation, Person
from .models.periods import today


@transaction.atomic
def membership_create(
    *,
    person: Person,
    group: Group,
    role: str = Role.MEMBER,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    represents=None,
    note: str = "",
) -> Membership:
    membership = Membership(
        person=person,
        group=group,
        role=role,
        start_date=start_date,
        end_date=end_date,
        note=note,
    )
    _set_represents(membership, represents)
    # Serialise writers of one group so that the overlap checks in clean() see each other.
    Group.objects.select_for_update().filter(pk=group.pk).first()
    membership.full_clean()
    membership.save()
    return membership


def _set_represents(membership: Membership, represents) -> None:
    from .models import Municipality, Region

    field = {
        HealthcareRegion: "represents_healthcare_region",
        Region: "represents_region",
        Municipality: "represents_municipality",
        Organisation: "represents_organisation",
    }.get(type(represents))
    if represents is not None and field is None:
        raise TypeError(f"Cannot represent {type(represents).__name__}")
    if field:
        setattr(membership, field, represents)


@transaction.atomic
def membership_end(*, membership: Membership, end_date: datetime.date) -> Membership:
    """End a mandate on `end_date` (inclusive). The row stays as history."""
    membership.end_date = end_date
    membership.full_clean()
    membership.save(update_fields=["end_date", "updated_at"])
    return membership


@transaction.atomic
def hosting_transfer(
    *,
    group: Group,
    host: HealthcareRegion | Organisation,
    start_date: datetime.date,
    kind: str = HostingKind.HOST,
    source: str = "",
) -> Hosting:
    """Move a group's (dormant) hosting to a new host from `start_date`; the old one is ended."""
    Group.objects.select_for_update().filter(pk=group.pk).first()
    for current in Hosting.objects.filter(group=group, kind=kind, end_date__isnull=True):
        current.end_date = start_date - datetime.timedelta(days=1)
        current.full_clean()
        current.save(update_fields=["end_date"])
    hosting = Hosting(group=group, kind=kind, start_date=start_date, source=source)
    if isinstance(host, HealthcareRegion):
        hosting.healthcare_region = host
    else:
        hosting.organisation = host
    hosting.full_clean()
    hosting.save()
    return hosting


@transaction.atomic
def group_rename(*, group: Group, name: str, effective: datetime.date | None = None, note: str = "") -> Group:
    """Rename a group and keep the old name in its history."""
    effective = effective or today()
    if name == group.name:
        return group
    GroupName.objects.get_or_create(
        group=group,
        name=group.name,
        defaults={"used_until": effective - datetime.timedelta(days=1), "note": note},
    )
    group.name = name
    group.full_clean()
    group.save(update_fields=["name"])
    return group
