"""upcoming_deadlines(): what the reminder engine will call. And the subject registry that lets
any content type be consulted."""

import pytest
import time_machine

from kunskapsstyrning.organisation.models import Group, Region
from nkk.consultations import selectors, services
from nkk.consultations.choices import Position
from nkk.consultations.registry import consultation_subjects, subject_title, subject_url
from tests.clock import NOW, TODAY, frozen

from .conftest import D, make_round, recipient

pytestmark = [pytest.mark.django_db, frozen]


def test_unanswered_recipients_of_rounds_closing_soon_with_the_people_to_remind(world, open_round):
    services.answer_submit(
        recipient=recipient(open_round, region=world.skane), position=Position.SUPPORTS, by=world.skane_rep
    )
    kommun = recipient(open_round, organisation_name="Testkommun")
    services.recipient_set_contacts(recipient=kommun, contacts=[world.outsider.person])
    make_round(world, opens_on=D(2026, 3, 2), closes_on=D(2026, 5, 29))  # closes later than 14 days
    make_round(world, opens_on=D(2026, 3, 20), closes_on=D(2026, 3, 27))  # not open yet

    deadlines = selectors.upcoming_deadlines(within_days=14)
    assert {d.round_id for d in deadlines} == {open_round.pk}
    names = {d.recipient_name for d in deadlines}
    assert "Skåne" not in names  # answered
    assert len(deadlines) == 23 - 1  # 21 regions, the NPO and the kommun, minus Skåne
    by_name = {d.recipient_name: d for d in deadlines}
    assert by_name["Norrbotten"].closes_on == D(2026, 3, 27)
    assert by_name["Norrbotten"].days_left == (D(2026, 3, 27) - TODAY).days == 11
    assert [p.pk for p in by_name["Norrbotten"].people] == [world.norrbotten_rep.person.pk]
    assert [p.pk for p in by_name[world.npo.name].people] == [world.npo_chair.person.pk]
    assert [p.pk for p in by_name["Testkommun"].people] == [world.outsider.person.pk]
    assert by_name["Norrbotten"].url == f"/granskning/{open_round.pk}/"

    assert selectors.upcoming_deadlines(within_days=7) == []
    with time_machine.travel(NOW.replace(day=28), tick=False):
        assert selectors.upcoming_deadlines() == []  # closed


@pytest.mark.parametrize("rounds", [1, 6])
def test_upcoming_deadlines_runs_a_constant_number_of_queries(world, django_assert_num_queries, rounds):
    for _ in range(rounds):
        make_round(world, groups=[world.npo], regions=Region.objects.all()[:5])
    with django_assert_num_queries(4):
        deadlines = selectors.upcoming_deadlines()
    assert len(deadlines) == rounds * 6


def test_a_registered_content_type_gives_its_title_and_address(world, open_round):
    assert subject_title(world.subject) == world.subject.name  # unregistered: str() and get_absolute_url()
    assert subject_url(world.subject) == world.subject.get_absolute_url()
    consultation_subjects.register(Group, title=lambda g: f"Version 2 av {g.name}", url=lambda g: "/v2/")
    try:
        assert subject_title(open_round.subject) == f"Version 2 av {world.subject.name}"
        assert subject_url(open_round.subject) == "/v2/"
        assert str(open_round) == f"Remiss: Version 2 av {world.subject.name}"
    finally:
        consultation_subjects.unregister(Group)
    assert list(selectors.rounds_for_subject(world.subject)) == [open_round]
