"""Only an RPO nominates: held by the database (trigger nominations_nominating_group_is_rpo)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kunskapsstyrning.nominations import services
from kunskapsstyrning.nominations.models import Nomination, SeatCall
from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.services import save_checked
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(structure):
    return SeatCall.objects.create(
        group=Group.objects.get(slug="nag-vardforlopp-stroke"),
        title="Ledamot (demo)",
        task="Demotext.",
        competences="Demotext.",
        closes_on=today() + datetime.timedelta(days=30),
        mandate_start=today() + datetime.timedelta(days=60),
        deciding_body="gruppen",
    )


def nomination(call, group) -> Nomination:
    return Nomination(call=call, person=PersonFactory(), nominated_by="rpo", nominating_group=group, motivation="Demo")


def test_a_group_that_is_not_an_rpo_cannot_nominate(call):
    npo = Group.objects.filter(kind=GroupKind.NPO).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.bulk_create([nomination(call, npo)])
    rpo = Group.objects.filter(kind=GroupKind.RPO).first()
    (row,) = Nomination.objects.bulk_create([nomination(call, rpo)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.filter(pk=row.pk).update(nominating_group=npo)


def test_a_nominating_rpo_cannot_change_kind(call):
    rpo = Group.objects.filter(kind=GroupKind.RPO).first()
    Nomination.objects.bulk_create([nomination(call, rpo)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.filter(pk=rpo.pk).update(kind=GroupKind.RSG)


def test_the_service_refuses_a_group_that_is_not_an_rpo(call):
    npo = Group.objects.filter(kind=GroupKind.NPO).first()
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(
            call=call, person=PersonFactory(), nominated_by="rpo", nominating_group=npo, motivation="Demo"
        )
    assert "nominating_group" in exc.value.message_dict
    assert not Nomination.objects.exists()


def test_the_triggers_refusal_becomes_a_swedish_message(call):
    npo = Group.objects.filter(kind=GroupKind.NPO).first()
    with pytest.raises(ValidationError) as exc:
        save_checked(nomination(call, npo), services.TRIGGERS)
    assert exc.value.messages == ["Bara ett RPO kan nominera."]
