"""A person with every kind of data the portal holds, and another person with their own."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kunskapsstyrning.declarations.services import declaration_file
from kunskapsstyrning.nominations.choices import DecidingBody, NominatedBy
from kunskapsstyrning.nominations.services import call_create, nomination_submit
from kunskapsstyrning.notices.choices import Delivery
from kunskapsstyrning.notices.models import Notice, Preference
from kunskapsstyrning.notices.services import calendar_feed_renew
from kunskapsstyrning.organisation import services as org
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Person
from kunskapsstyrning.organisation.models.periods import today
from tests.factories import GroupFactory, PersonFactory, UserFactory


@dataclass
class Someone:
    person: Person
    marks: dict  # a value of each kind, unique to this person


def someone(tag: str, group=None, start=datetime.date(2024, 1, 1), end=None) -> Someone:
    """A person with an account, a membership (with history), a declaration with text, a
    nomination with a motivation and a calendar feed; `marks` are values that appear nowhere
    else."""
    user = UserFactory(username=f"konto-{tag}")
    person = PersonFactory(
        user=user,
        first_name=f"Förnamn{tag}",
        last_name=f"Efternamn{tag}",
        email=f"{tag}@exempel.invalid",
        phone=f"070-{tag}",
        title=f"Titel {tag}",
        employer=f"Arbetsgivare {tag}",
    )
    group = group or GroupFactory(kind=GroupKind.NPO, name=f"Grupp {tag}")
    membership = org.membership_create(
        person=person, group=group, role=Role.MEMBER, start_date=start, note=f"Anteckning {tag}"
    )
    if end:
        org.membership_end(membership=membership, end_date=end)
    declaration_file(person=person, form="standard", has_interests=True, text=f"Intressen {tag}")
    call = call_create(
        group=group,
        title=f"Utlysning {tag}",
        task="Demo: uppgift",
        competences="Demo: kompetens",
        closes_on=today() + datetime.timedelta(days=10),
        mandate_start=today() + datetime.timedelta(days=30),
        deciding_body=DecidingBody.GROUP,
    )
    nomination_submit(
        call=call,
        person=person,
        nominated_by=NominatedBy.SELF,
        manager_approval=True,
        manager_name=f"Chef {tag}",
        motivation=f"Motivering {tag}",
    )
    feed = calendar_feed_renew(person=person)
    Notice.objects.create(
        kind="mandat_slutar",
        content_type=ContentType.objects.get_for_model(membership),
        object_id=membership.pk,
        milestone="90",
        person=person,
        deadline=today(),
        title=f"Notis {tag}",
        send_after=timezone.now(),
    )
    Preference.objects.create(person=person, kind="mandat_slutar", delivery=Delivery.DIGEST)
    return Someone(
        person=person,
        marks={
            "name": f"Efternamn{tag}",
            "email": f"{tag}@exempel.invalid",
            "phone": f"070-{tag}",
            "note": f"Anteckning {tag}",
            "declaration": f"Intressen {tag}",
            "motivation": f"Motivering {tag}",
            "token": feed.token,
            "group": f"Grupp {tag}",
            "notice": f"Notis {tag}",
        },
    )
