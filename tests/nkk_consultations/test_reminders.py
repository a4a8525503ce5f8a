"""The consultation deadline through the reminder engine and on Min sida: the people who may
answer for a recipient are reminded before the round closes, and an answer stops it."""

import pytest
import time_machine
from django.urls import reverse

from kunskapsstyrning.notices import services as notices
from kunskapsstyrning.notices.models import Notice
from nkk.consultations import services
from nkk.consultations.choices import Position
from tests.clock import NOW, frozen

from .conftest import recipient

pytestmark = [pytest.mark.django_db, frozen]


def test_unanswered_recipients_are_reminded_seven_days_before_closing(world, open_round):
    services.answer_submit(
        recipient=recipient(open_round, region=world.skane), position=Position.SUPPORTS, by=world.skane_rep
    )
    notices.plan()
    assert not Notice.objects.filter(kind="remiss_svar").exists()  # 11 days left: too early

    with time_machine.travel(NOW.replace(day=20), tick=False):  # closes 27 March: 7 days left
        notices.plan()
        reminded = set(Notice.objects.filter(kind="remiss_svar").values_list("person_id", "milestone"))
        assert reminded == {(world.norrbotten_rep.person.pk, "7"), (world.npo_chair.person.pk, "7")}
        notices.plan()
        assert Notice.objects.filter(kind="remiss_svar").count() == 2  # decided once

        norrbotten = recipient(open_round, region=world.norrbotten)
        notice = Notice.objects.get(kind="remiss_svar", person=world.norrbotten_rep.person)
        assert notice.url == reverse("consultations:answer", kwargs={"pk": open_round.pk, "recipient": norrbotten.pk})
        assert "2026-03-27" in notice.title and "Norrbotten" in notice.title

        # Answering before the e-mail goes out stops it at sending time.
        services.answer_submit(recipient=norrbotten, position=Position.SUPPORTS, by=world.norrbotten_rep)
        assert notices.send_due()["stoppad"] >= 1
        notice.refresh_from_db()
        assert notice.sent_at is None


def test_min_sida_lists_the_rounds_to_answer_until_answered(client, world, open_round):
    client.force_login(world.norrbotten_rep)
    page = client.get(reverse("notices:my_page")).content.decode()
    assert "Svara för Norrbotten senast 2026-03-27" in page
    services.answer_submit(
        recipient=recipient(open_round, region=world.norrbotten), position=Position.SUPPORTS, by=world.norrbotten_rep
    )
    page = client.get(reverse("notices:my_page")).content.decode()
    assert "Svara för Norrbotten" not in page
    client.force_login(world.outsider)
    assert "Svara för" not in client.get(reverse("notices:my_page")).content.decode()


def test_the_system_wide_list_needs_no_user_and_support_staff_keep_their_own(world, open_round):
    """The system-wide to-do list (support staff's Min sida, the bench) is asked without a user:
    a source with no system-wide version (the rounds to answer) is left out, not asked for
    "no one's" to-dos. Support staff who answer for a recipient still see their own."""
    from kunskapsstyrning.notices import selectors
    from tests.clock import TODAY
    from tests.factories import MembershipFactory, make_support_staff

    MembershipFactory(end_date=TODAY.replace(month=4))  # a mandate ending without a successor
    for no_user in (selectors.my_todos(None, None, TODAY, system=True), selectors.system_todos(TODAY)):
        labels = [str(label) for label, _items in no_user]
        assert "Mandat" in labels and "Remisser att besvara" not in labels

    staff = make_support_staff(world.norrbotten_rep)
    sections = dict(selectors.my_todos(staff, staff.person, TODAY, system=True))
    assert {str(label) for label in sections} >= {"Mandat", "Remisser att besvara"}
    assert any("Svara för Norrbotten" in t.text for t in sections["Remisser att besvara"])
    assert any("mandat slutar inom 90 dagar" in t.text for t in sections["Mandat"])
