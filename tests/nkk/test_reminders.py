"""The revision deadline through the reminder engine: the owning group's chair and process
leader are told 90, 30 and 7 days before, once; a withdrawn recommendation is not reminded."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from kunskapsstyrning.notices import services as notices
from kunskapsstyrning.notices.choices import EmailStatus
from kunskapsstyrning.notices.models import Notice
from nkk import services as nkk_services
from nkk.choices import RecommendationStatus
from nkk.models import Recommendation
from tests.clock import STOCKHOLM, TODAY, frozen

from .conftest import make_recommendation, publish_now, walk_to

pytestmark = [pytest.mark.django_db, frozen]


def test_the_owning_groups_leader_is_reminded_once_before_the_revision_deadline(area, nag, cast):
    due = make_recommendation(area, nag, title="Exempel att revidera")
    withdrawn = make_recommendation(area, nag, title="Exempel återkallat")
    later = make_recommendation(area, nag, title="Exempel senare")
    Recommendation.objects.filter(pk__in=[due.pk, withdrawn.pk]).update(
        revision_deadline=TODAY + datetime.timedelta(days=30)
    )
    Recommendation.objects.filter(pk=withdrawn.pk).update(status=RecommendationStatus.WITHDRAWN)
    Recommendation.objects.filter(pk=later.pk).update(revision_deadline=TODAY + datetime.timedelta(days=200))

    notices.plan()
    notices.plan()
    reminded = Notice.objects.filter(kind="revision_senast")
    deadline = TODAY + datetime.timedelta(days=30)
    assert {(n.object_id, n.person_id, n.milestone) for n in reminded} == {
        (due.pk, cast.owner_leader.person.pk, f"{deadline:%Y-%m-%d}/30")
    }
    (notice,) = reminded
    assert "Exempel att revidera ska revideras senast" in notice.title
    assert notice.url == due.get_absolute_url()


NKK_KINDS = ("revision_senast", "publicering_ej_godkand", "publicering_klart")


@pytest.fixture(autouse=True)
def only_nkk_kinds():
    """The people the tests create have no declarations of interest: switch the other kinds off,
    so the counts below are NKK's alone."""
    from kunskapsstyrning.notices import kinds
    from kunskapsstyrning.notices.models import KindSetting

    for kind in kinds.all_kinds():
        if kind.name not in NKK_KINDS:
            KindSetting.objects.create(kind=kind.name, lead_days=[], active=False)


# -- Weekly while overdue ------------------------------------------------------------------------

DAY = datetime.timedelta(days=1)


def _day(date, hour=0, minute=30):
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=STOCKHOLM)


def test_an_overdue_revision_is_reminded_weekly_across_the_dst_change_until_confirmed(
    area, nag, cast, publishing_date, mailoutbox
):
    """Deadline 10 March 2026: weekly reminders on 17, 24 and 31 March (the clocks go forward on
    29 March) and 7 April, each at 07:00 Stockholm time, each decided once however often the
    planner runs; confirming the recommendation ("granskad, ingen ändring") stops the next one,
    even one already decided."""
    rec = make_recommendation(area, nag, title="Exempel försenat")
    publish_now(rec.versions.get(), cast, publishing_date)
    Recommendation.objects.filter(pk=rec.pk).update(revision_deadline=datetime.date(2026, 3, 10))
    deadline = "2026-03-10"
    leader = cast.owner_leader.person

    day = TODAY
    while day <= datetime.date(2026, 4, 8):
        with time_machine.travel(_day(day), tick=False):
            notices.plan()
            notices.plan()  # beat firing twice
        with time_machine.travel(_day(day, 7, 0), tick=False):
            notices.send_due()
        day += DAY
    overdue = Notice.objects.filter(kind="revision_senast", milestone__contains="forsenad").order_by("send_after")
    assert [(n.milestone, n.person_id) for n in overdue] == [
        (f"{deadline}/forsenad-{week}", leader.pk) for week in (1, 2, 3, 4)
    ]
    # 07:00 local time: 06:00 UTC in winter time, 05:00 UTC after 29 March.
    assert [n.send_after.astimezone(datetime.UTC).hour for n in overdue] == [6, 6, 5, 5]
    assert [n.send_after.astimezone(STOCKHOLM).date() for n in overdue] == [
        datetime.date(2026, 3, 17),
        datetime.date(2026, 3, 24),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 7),
    ]
    assert all(n.email_status == EmailStatus.SENT for n in overdue)
    mine = lambda: [m for m in mailoutbox if m.subject.startswith("Exempel försenat")]  # noqa: E731
    assert len(mine()) == 4  # the 30- and 7-day reminders lay before the test's first day
    assert "försenad 3 veckor" in overdue[2].title

    # The fifth week is decided at 00:30 on 14 April; the owner confirms at 06:00, before it goes.
    with time_machine.travel(_day(datetime.date(2026, 4, 14)), tick=False):
        assert notices.plan() == 1
    with time_machine.travel(_day(datetime.date(2026, 4, 14), 6, 0), tick=False):
        nkk_services.recommendation_confirm_unchanged(recommendation=rec, by=cast.owner_leader)
    with time_machine.travel(_day(datetime.date(2026, 4, 14), 7, 0), tick=False):
        assert notices.send_due() == {}  # withdrawn when the deadline moved
    for week in range(1, 5):
        with time_machine.travel(_day(datetime.date(2026, 4, 14) + week * 7 * DAY), tick=False):
            notices.plan()
    assert Notice.objects.filter(kind="revision_senast", object_id=rec.pk).count() == 4
    assert len(mine()) == 4


def test_overdue_weeks_are_decided_only_inside_the_planners_window(area, nag, cast):
    """A recommendation overdue for three years is not a backlog of 150 reminders: the planner
    decides the week that falls in its catch-up window, nothing before."""
    rec = make_recommendation(area, nag, title="Exempel länge försenat")
    Recommendation.objects.filter(pk=rec.pk).update(revision_deadline=TODAY - 3 * 365 * DAY)
    notices.plan()
    (notice,) = Notice.objects.filter(kind="revision_senast")
    assert "forsenad-" in notice.milestone
    assert TODAY - 7 * DAY <= notice.send_after.astimezone(STOCKHOLM).date() <= TODAY


def test_the_next_revision_deadline_is_reminded_again(area, nag, cast):
    """The milestone carries the deadline, so the 30-day reminder of the next deadline is a new
    reminder, not one already decided two years before."""
    rec = make_recommendation(area, nag, title="Exempel igen")
    Recommendation.objects.filter(pk=rec.pk).update(revision_deadline=TODAY + 30 * DAY)
    assert notices.plan() == 1
    later = TODAY + 2 * 365 * DAY
    Recommendation.objects.filter(pk=rec.pk).update(revision_deadline=later + 30 * DAY)
    with time_machine.travel(_day(later), tick=False):
        assert notices.plan() == 1
    assert Notice.objects.filter(kind="revision_senast", object_id=rec.pk).count() == 2


def _revision_reminder_of_the_old_deadline(rec, cast):
    old = TODAY + 30 * DAY
    Recommendation.objects.filter(pk=rec.pk).update(revision_deadline=old)
    assert notices.plan() == 1
    notice = Notice.objects.get(kind="revision_senast", person=cast.owner_leader.person)
    assert f"senast {old.isoformat()}" in notice.title
    return old


def _sees_only_the_current_date(client, cast, rec, old, mailoutbox):
    rec.refresh_from_db()
    assert rec.revision_deadline != old
    assert not Notice.objects.filter(kind="revision_senast", deadline=old).exists()
    assert notices.send_due() == {}
    assert not [m for m in mailoutbox if old.isoformat() in m.subject]
    client.force_login(cast.owner_leader)
    for page in ("notices:list", "notices:my_page"):
        assert f"senast {old.isoformat()}" not in client.get(reverse(page)).content.decode()
    # When the new deadline's 30-day mark comes, the reminder names the new date.
    with time_machine.travel(_day(rec.revision_deadline - 30 * DAY), tick=False):
        assert notices.plan() == 1
    (notice,) = Notice.objects.filter(kind="revision_senast", person=cast.owner_leader.person)
    assert f"senast {rec.revision_deadline.isoformat()}" in notice.title


def test_confirming_withdraws_the_unsent_reminder_of_the_old_deadline(
    client, area, nag, cast, publishing_date, mailoutbox
):
    """Decided at night for the 30-day mark, confirmed unchanged in the morning: the deadline
    moves, and the reminder with the old date is neither sent nor shown."""
    rec = make_recommendation(area, nag, title="Exempel bekräftat")
    publish_now(rec.versions.get(), cast, publishing_date)
    with time_machine.travel(_day(TODAY), tick=False):
        old = _revision_reminder_of_the_old_deadline(rec, cast)
    with time_machine.travel(_day(TODAY, 6, 0), tick=False):
        nkk_services.recommendation_confirm_unchanged(recommendation=rec, by=cast.owner_leader)
    with time_machine.travel(_day(TODAY, 7, 0), tick=False):
        _sees_only_the_current_date(client, cast, rec, old, mailoutbox)


def test_publishing_a_revision_withdraws_the_unsent_reminder_of_the_old_deadline(
    client, area, nag, cast, publishing_date, mailoutbox
):
    from nkk.models import PublishingDate

    rec = make_recommendation(area, nag, title="Exempel reviderat")
    publish_now(rec.versions.get(), cast, publishing_date)
    with time_machine.travel(_day(TODAY), tick=False):
        old = _revision_reminder_of_the_old_deadline(rec, cast)
    with time_machine.travel(_day(TODAY, 6, 0), tick=False):
        later = PublishingDate.objects.create(date=TODAY)
        revision = nkk_services.version_open(recommendation=rec, by=cast.owner_leader)
        revision = walk_to(revision, "planerad", cast, later)
        assert nkk_services.publishing_date_publish(publishing_date=later, on=TODAY).ok
    with time_machine.travel(_day(TODAY, 7, 0), tick=False):
        _sees_only_the_current_date(client, cast, rec, old, mailoutbox)


# -- Publishing dates ----------------------------------------------------------------------------


def test_owners_of_versions_not_yet_approved_and_support_staff_are_told_before_a_publishing_date(
    area, npo, nag, cast, mailoutbox
):
    """14 days before a publishing date: the owning group's chair and process leader about each
    version aimed at it that is not approved, the support function with what is ready; asked
    again at sending time, so a version approved since (or a chair who left) gets nothing."""
    from kunskapsstyrning.organisation.choices import Role
    from tests.factories import MembershipFactory, PersonFactory

    chair = MembershipFactory(group=nag, role=Role.CHAIR, person=PersonFactory(), start_date=datetime.date(2020, 1, 1))
    date = nkk_services.publishing_date_create(date=TODAY + 14 * DAY, by=cast.support)
    waiting = make_recommendation(area, nag, title="Exempel i granskning")
    waiting_version = walk_to(waiting.versions.get(), "granskningsrunda_1", cast)
    nkk_services.version_set_target_date(version=waiting_version, publishing_date=date, by=cast.support)
    ready = make_recommendation(area, nag, title="Exempel klart")
    walk_to(ready.versions.get(), "planerad", cast, date)
    draft = make_recommendation(area, nag, title="Exempel utan datum")  # not aimed at the date

    assert notices.plan() == 3
    owners = Notice.objects.filter(kind="publicering_ej_godkand")
    assert {(n.object_id, n.person_id) for n in owners} == {
        (waiting_version.pk, cast.owner_leader.person.pk),
        (waiting_version.pk, chair.person_id),
    }
    assert all(n.milestone == f"{date.date:%Y-%m-%d}/14" for n in owners)
    assert "Exempel i granskning är inte godkänd för publiceringstillfället" in owners[0].title
    (staff,) = Notice.objects.filter(kind="publicering_klart")
    assert staff.person_id == cast.support.person.pk
    assert "1 godkända eller planerade, 1 inte godkända" in staff.title
    assert staff.url == "/redaktion/publiceringskalender/"
    assert not Notice.objects.filter(object_id=draft.versions.get().pk, kind="publicering_ej_godkand").exists()

    # The chair leaves before 07:00: only the process leader and the support function get e-mail.
    Membership = type(chair)
    Membership.objects.filter(pk=chair.pk).update(end_date=TODAY - DAY)
    with time_machine.travel(_day(TODAY, 7, 0), tick=False):
        assert notices.send_due() == {"skickad": 2, "stoppad": 1}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.owner_leader.person.email, cast.support.person.email])
    assert notices.plan() == 0


def test_a_version_approved_or_aimed_elsewhere_before_the_3_day_reminder_stops_it(area, nag, cast, mailoutbox):
    date = nkk_services.publishing_date_create(date=TODAY + 3 * DAY, by=cast.support)
    later = nkk_services.publishing_date_create(date=TODAY + 60 * DAY, by=cast.support)
    one = walk_to(make_recommendation(area, nag, title="Exempel ett").versions.get(), "npo_godkannande_3", cast)
    two = walk_to(make_recommendation(area, nag, title="Exempel två").versions.get(), "npo_godkannande_3", cast)
    for version in (one, two):
        nkk_services.version_set_target_date(version=version, publishing_date=date, by=cast.support)
    notices.plan()
    assert Notice.objects.filter(kind="publicering_ej_godkand").count() == 2
    nkk_services.transition(version=one, action="approve", by=cast.npo_chair)
    nkk_services.version_set_target_date(version=two, publishing_date=later, by=cast.support)
    with time_machine.travel(_day(TODAY, 7, 0), tick=False):
        counts = notices.send_due()
    assert counts == {"skickad": 1, "stoppad": 2}  # the support function's reminder only
    assert [m.to[0] for m in mailoutbox] == [cast.support.person.email]
