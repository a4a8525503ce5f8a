"""Structural WCAG checks on the consultation pages, filled with data: one h1, labelled
controls, table headers with scope, unique ids, aria references that exist, errors tied to
fields after a refused submission."""

import pytest
import time_machine
from django.urls import reverse

from nkk.consultations import services
from nkk.consultations.choices import Position
from tests.clock import NOW, frozen
from tests.test_accessibility import PageAudit

from .conftest import D, make_round, recipient

pytestmark = [pytest.mark.django_db, frozen]


def audit(response) -> PageAudit:
    assert response.status_code == 200
    page = PageAudit()
    page.feed(response.content.decode())
    assert page.lang == "sv"
    assert page.h1 == 1
    assert [c for c in page.controls if c.get("id") not in page.labels_for and "aria-label" not in c] == []
    assert page.th_without_scope == []
    assert len(page.ids) == len(set(page.ids)), "duplicate id attributes"
    assert page.dangling_references() == set()
    return page


@pytest.fixture
def closed_round(world):
    with time_machine.travel(NOW.replace(day=5), tick=False):
        round_ = make_round(world, opens_on=D(2026, 3, 2), closes_on=D(2026, 3, 13))
        for region, user in ((world.norrbotten, world.norrbotten_rep), (world.skane, world.skane_rep)):
            services.answer_submit(
                recipient=recipient(round_, region=region),
                position=Position.SUPPORTS_WITH_COMMENTS,
                comments=[("Behandling", "Demo: A"), ("Uppföljning", "Demo: B")],
                by=user,
            )
    return round_


def test_pages_of_the_owning_group_and_support_staff(client, world, open_round, closed_round):
    client.force_login(world.member)
    audit(client.get(reverse("consultations:round", args=[closed_round.pk])))
    audit(client.get(reverse("consultations:ledger", args=[closed_round.pk])))
    comment = closed_round.recipients.get(region=world.norrbotten).answer.comments.first()
    html = client.post(
        reverse("consultations:ledger", args=[closed_round.pk]),
        {"comment": comment.pk, f"s{comment.pk}-outcome": "ej_godtagen"},
    )
    page = audit(html)
    assert 'aria-invalid="true"' in html.content.decode()
    assert "felsammanfattning" in page.ids
    client.force_login(world.leader)
    audit(client.get(reverse("consultations:ledger_publish", args=[closed_round.pk])))
    client.force_login(world.staff)
    audit(client.get(reverse("consultations:round", args=[closed_round.pk])))
    audit(client.get(reverse("consultations:windows")))
    norrbotten = recipient(closed_round, region=world.norrbotten)
    audit(client.get(reverse("consultations:late_answer", args=[closed_round.pk, norrbotten.pk])))


def test_pages_of_the_representative(client, world, open_round):
    client.force_login(world.norrbotten_rep)
    norrbotten = recipient(open_round, region=world.norrbotten)
    url = reverse("consultations:answer", args=[open_round.pk, norrbotten.pk])
    audit(client.get(url))
    refused = client.post(url, {"position": Position.OPPOSES})
    page = audit(refused)
    assert "Motivera varför ni avstyrker." in refused.content.decode()
    assert "felsammanfattning" in page.ids
    audit(client.get(reverse("consultations:to_answer")))
