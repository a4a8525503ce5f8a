"""The admin writes through the services: a round created there gets the 21 regions; a
refusal is shown and nothing is written; only support staff and the owning group's leaders
enter."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from kunskapsstyrning.organisation.models import Group
from nkk.consultations.models import ConsultationRound, ReviewWindow
from nkk.consultations.registry import consultation_subjects
from tests.clock import frozen

pytestmark = [pytest.mark.django_db, frozen]


@pytest.fixture
def registered_group():
    consultation_subjects.register(Group)
    yield
    consultation_subjects.unregister(Group)


def staff_client(client, user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    return client


def round_form(world, **overrides):
    return {
        "kind": "remiss",
        "subject_type": ContentType.objects.get_for_model(Group).pk,
        "subject_id": world.subject.pk,
        "owner_group": world.owner.pk,
        "opens_on": "2026-04-15",
        "closes_on": "2026-06-12",
        "description": "Demo",
        "recipients-TOTAL_FORMS": "0",
        "recipients-INITIAL_FORMS": "0",
        **overrides,
    }


def test_support_staff_create_a_round_in_the_admin_through_the_service(client, world, registered_group):
    staff_client(client, world.staff)
    response = client.post(reverse("admin:consultations_consultationround_add"), round_form(world))
    assert response.status_code == 302, response.content[:2000]
    round_ = ConsultationRound.objects.get()
    assert round_.recipients.count() == 21
    assert round_.created_by == world.staff
    assert client.get(reverse("admin:consultations_consultationround_changelist")).status_code == 200
    assert client.get(reverse("admin:consultations_consultationround_change", args=[round_.pk])).status_code == 200


def test_the_admin_refuses_a_window_of_the_other_kind_and_writes_nothing(client, world, registered_group):
    staff_client(client, world.staff)
    window = ReviewWindow.objects.create(
        kind="synpunktsinhamtning", year=2026, number=4, opens_on="2026-05-04", closes_on="2026-05-29"
    )
    client.post(reverse("admin:consultations_consultationround_add"), round_form(world, window=window.pk))
    assert not ConsultationRound.objects.exists()


def test_the_admin_is_closed_to_others(client, world):
    staff_client(client, world.member)
    assert client.get(reverse("admin:consultations_consultationround_changelist")).status_code == 403
    staff_client(client, world.leader)
    assert client.get(reverse("admin:consultations_consultationround_changelist")).status_code == 200
    assert client.get(reverse("admin:consultations_reviewwindow_changelist")).status_code == 403
