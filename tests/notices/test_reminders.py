"""The reminder engine against a real SMTP server on loopback: decided once, sent once, to the
people the rosters name at sending time, in Swedish, immediately or in a daily digest."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from kunskapsstyrning.declarations.models import InterestDeclaration
from kunskapsstyrning.nominations import services as nomination_services
from kunskapsstyrning.nominations.models import Nomination, SeatCall
from kunskapsstyrning.notices import kinds, services
from kunskapsstyrning.notices.choices import Delivery, EmailStatus
from kunskapsstyrning.notices.models import Digest, KindSetting, Notice
from kunskapsstyrning.organisation.choices import Role
from tests.clock import STOCKHOLM, TODAY, frozen
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def no_declaration_reminders(request):
    """Most tests look at one kind; the people they create have no declarations, which would
    add the declaration kinds' reminders. The declaration test switches them back on."""
    for name in ("javsdeklaration_saknas", "javsdeklaration_loper_ut"):
        KindSetting.objects.create(kind=name, lead_days=[], active=False)


@pytest.fixture
def group():
    return GroupFactory(name="Testgrupp för påminnelser")


@pytest.fixture
def leader(group):
    return MembershipFactory(group=group, role=Role.PROCESS_LEADER, person=PersonFactory(first_name="Pia")).person


def ending(group, days: int, **kwargs):
    return MembershipFactory(group=group, end_date=TODAY + days * DAY, **kwargs)


def mandate_notices(**filters):
    return Notice.objects.filter(kind="mandat_slutar", **filters)


def test_kinds_of_the_processes_are_registered_through_the_same_interface():
    names = {k.name for k in kinds.all_kinds()}
    assert {
        "mandat_slutar",
        "javsdeklaration_loper_ut",
        "javsdeklaration_saknas",
        "nominering_beslutad",
        "utlysning_stanger",
    } <= names


def test_a_mandate_ending_in_90_days_reaches_the_member_and_the_process_leader_once(smtp, group, leader):
    membership = ending(group, 90, person=PersonFactory(first_name="Åsa", last_name="Öberg"))
    assert services.plan() == 2
    assert services.plan() == 0  # the same day again: decided once
    assert services.send_due() == {"skickad": 2}
    assert services.send_due() == {}
    messages = smtp.wait_for(2)
    assert smtp.recorder.to() == sorted([membership.person.email, leader.email])
    message = next(m for m in messages if m["To"] == membership.person.email)
    assert message.is_multipart()
    text, html = (part.get_payload(decode=True).decode() for part in message.get_payload())
    assert "Hej Åsa!" in text and "Mandatet för Åsa Öberg som ledamot i Testgrupp för påminnelser slutar" in text
    assert "http://127.0.0.1:8000" + group.get_absolute_url() in text
    assert 'lang="sv"' in html and group.get_absolute_url() in html
    notice = Notice.objects.get(person=membership.person)
    assert (
        message["Message-ID"]
        == notice.message_id
        == f"<notis-{notice.pk}-mandat_slutar-90@{notice.message_id[1:-1].split('@')[1]}>"
    )
    assert notice.email_status == EmailStatus.SENT and notice.sent_at is not None and notice.attempts == 1


def test_the_30_day_reminder_is_another_milestone(smtp, group, leader):
    ending(group, 30)
    services.plan()
    assert set(mandate_notices().values_list("milestone", flat=True)) == {"30"}


def test_a_successor_in_place_stops_the_reminder(smtp, group, leader):
    old = ending(group, 90, represents_healthcare_region=None)
    MembershipFactory(group=group, role=old.role, start_date=old.end_date + DAY)
    assert services.plan() == 0


def test_a_successor_appointed_after_the_decision_stops_the_e_mail(smtp, group, leader):
    old = ending(group, 90)
    services.plan()
    MembershipFactory(group=group, role=old.role, start_date=old.end_date + DAY)
    assert services.send_due() == {"stoppad": 2}
    assert smtp.recorder.messages == []


def test_a_person_who_left_the_group_gets_nothing(smtp, group, leader):
    ending(group, 90)
    services.plan()
    # The process leader leaves between the decision and the sending.
    leader.memberships.update(end_date=TODAY - DAY)
    assert services.send_due() == {"skickad": 1, "stoppad": 1}
    assert leader.email not in smtp.recorder.to()
    assert mandate_notices(person=leader).get().email_status == EmailStatus.CANCELLED


def test_a_new_process_leader_gets_the_next_reminders_not_the_old_one(smtp, group, leader):
    leader.memberships.update(end_date=TODAY - DAY)
    new_leader = MembershipFactory(group=group, role=Role.PROCESS_LEADER, start_date=TODAY).person
    ending(group, 90)
    services.plan()
    services.send_due()
    assert new_leader.email in smtp.recorder.to() and leader.email not in smtp.recorder.to()


def test_lead_times_are_staff_settings(smtp, group, leader):
    ending(group, 60)
    KindSetting.objects.create(kind="mandat_slutar", lead_days=[60])
    assert services.plan() == 2
    KindSetting.objects.filter(kind="mandat_slutar").update(active=False)
    ending(group, 60)
    assert services.plan() == 0


def test_a_missed_day_is_caught_up_but_not_sent_twice(smtp, group, leader):
    ending(group, 88)  # its 90-day reminder was due two days ago, when nothing ran
    assert services.plan() == 2
    assert mandate_notices().first().send_after < timezone.now()
    services.send_due()
    assert len(smtp.recorder.messages) == 2


def test_smtp_failure_is_retried_with_back_off_then_given_up_and_can_be_resent(smtp_down, settings, group, leader):
    settings.NOTICES_MAX_ATTEMPTS = 2
    ending(group, 90, person=PersonFactory(email=""))  # no address: given up at once, visibly
    services.plan()
    assert services.send_due() == {"fel": 1, "gav_upp": 1}
    notice = mandate_notices(person=leader).get()
    assert notice.email_status == EmailStatus.RETRYING and notice.last_error
    assert notice.send_after >= timezone.now() + datetime.timedelta(seconds=59)  # back-off: not at once
    assert services.send_due() == {}
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        assert services.send_due() == {"fel": 1}
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.GIVEN_UP and notice.attempts == 2
    smtp_down.start()
    services.notice_resend(notice=notice)
    assert services.send_due() == {"skickad": 1}
    assert smtp_down.recorder.to() == [leader.email]


def test_a_daily_digest_gathers_the_kinds_a_person_chose(smtp, group, leader):
    services.preference_set(person=leader, kind="mandat_slutar", delivery=Delivery.DIGEST)
    for days in (90, 30):
        ending(group, days)
    services.plan()
    assert services.send_due() == {"skickad": 2, "sammanstallning": 2}
    assert leader.email not in smtp.recorder.to()
    assert services.compose_digests() == 2
    assert services.compose_digests() == 0
    assert services.send_due() == {"skickad": 1}
    digest = smtp.recorder.messages[-1]
    assert digest["To"] == leader.email
    assert digest["Message-ID"] == Digest.objects.get().message_id
    text = digest.get_payload()[0].get_payload(decode=True).decode()
    assert text.count("Mandatet för") == 2
    assert not mandate_notices(person=leader, sent_at__isnull=True).exists()


def test_a_digest_leaves_out_what_is_no_longer_the_persons(smtp, group, leader):
    services.preference_set(person=leader, kind="mandat_slutar", delivery=Delivery.DIGEST)
    ending(group, 90)
    services.plan()
    services.send_due()
    services.compose_digests()
    leader.memberships.update(end_date=TODAY - DAY)
    services.send_due()
    assert leader.email not in smtp.recorder.to()
    assert Digest.objects.get().email_status == EmailStatus.CANCELLED


def test_off_is_refused_where_the_kind_does_not_allow_it(group, leader):
    with pytest.raises(ValidationError, match="kan inte stängas av"):
        services.preference_set(person=leader, kind="mandat_slutar", delivery=Delivery.OFF)
    services.preference_set(person=leader, kind="utlysning_stanger", delivery=Delivery.OFF)


def test_off_keeps_the_notice_in_the_portal_without_e_mail(smtp, group, leader):
    services.preference_set(person=leader, kind="utlysning_stanger", delivery=Delivery.OFF)
    SeatCall.objects.create(
        group=group,
        title="Ledamot",
        task="Demo",
        competences="Demo",
        closes_on=TODAY + 7 * DAY,
        mandate_start=TODAY + 30 * DAY,
        deciding_body="gruppen",
    )
    services.plan()
    assert services.send_due() == {"av": 1}
    assert Notice.objects.get(person=leader).read_at is None


def test_declaration_expiring_and_missing(smtp, group):
    KindSetting.objects.all().delete()  # the defaults: 30 and 7 days before expiry, and missing
    expiring = MembershipFactory(group=group).person
    # Valid 365 days: filed so that the last valid day is 30 days from now.
    InterestDeclaration.objects.create(
        person=expiring, form="standard", has_interests=False, submitted_on=TODAY + 30 * DAY - 364 * DAY
    )
    missing = MembershipFactory(group=group).person
    services.plan()
    assert set(Notice.objects.values_list("kind", "person_id")) == {
        ("javsdeklaration_loper_ut", expiring.pk),
        ("javsdeklaration_saknas", missing.pk),
    }
    services.plan()
    assert Notice.objects.count() == 2
    # Filing a declaration before the sending stops the reminder.
    InterestDeclaration.objects.create(person=missing, form="standard", has_interests=False, submitted_on=TODAY)
    assert services.send_due() == {"skickad": 1, "stoppad": 1}


def test_a_decided_nomination_reaches_nominee_nominator_and_process_leader(smtp, group, leader):
    call = SeatCall.objects.create(
        group=group,
        title="Ledamot",
        task="Demo",
        competences="Demo",
        closes_on=TODAY + 20 * DAY,
        mandate_start=TODAY + 30 * DAY,
        deciding_body="gruppen",
    )
    nominator = PersonFactory(user=UserFactory())
    nomination = Nomination.objects.create(
        call=call,
        person=PersonFactory(),
        nominated_by="sjalv",
        manager_approval=True,
        motivation="Demo",
        submitted_by=nominator.user,
    )
    nomination_services.nomination_decide(nomination=nomination, accept=False, by=None)
    services.plan()
    assert services.send_due() == {"skickad": 3}
    assert smtp.recorder.to() == sorted([nomination.person.email, nominator.email, leader.email])


def test_daylight_saving_spring_forward_uses_the_local_date_and_hour(smtp, group, leader):
    """00:30 on 29 March 2026 in Stockholm is still 28 March in UTC; the clocks jump at 02:00."""
    night = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=STOCKHOLM)
    with time_machine.travel(night, tick=False):
        MembershipFactory(group=group, end_date=datetime.date(2026, 6, 27))  # 90 days after 29 March
        assert services.plan() == 2
        notice = mandate_notices().first()
        assert notice.send_after == datetime.datetime(2026, 3, 29, 5, 0, tzinfo=datetime.UTC)  # 07:00 CEST
        assert services.send_due() == {}
    with time_machine.travel(datetime.datetime(2026, 3, 29, 4, 59, tzinfo=datetime.UTC), tick=False):
        assert services.send_due() == {}
    with time_machine.travel(datetime.datetime(2026, 3, 29, 5, 0, tzinfo=datetime.UTC), tick=False):
        assert services.send_due() == {"skickad": 2}


def test_daylight_saving_fall_back_sends_at_seven_winter_time(smtp, group, leader):
    assert services.send_time(datetime.date(2026, 10, 25)) == datetime.datetime(2026, 10, 25, 6, 0, tzinfo=datetime.UTC)
    assert services.send_time(datetime.date(2026, 10, 24)) == datetime.datetime(2026, 10, 24, 5, 0, tzinfo=datetime.UTC)
    # 02:30 happens twice that night; planning in either is the same local day, decided once.
    for utc_hour in (0, 1):
        with time_machine.travel(datetime.datetime(2026, 10, 25, utc_hour, 30, tzinfo=datetime.UTC), tick=False):
            if utc_hour == 0:
                MembershipFactory(group=group, end_date=datetime.date(2026, 10, 25) + 30 * DAY)
            services.plan()
    assert mandate_notices().count() == 2


def test_the_beat_schedule_runs_at_seven_stockholm_time_across_the_change():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="notices.digest")
    schedule = task.crontab.schedule
    before = datetime.datetime(2026, 3, 28, 7, 0, tzinfo=STOCKHOLM)
    with time_machine.travel(before + datetime.timedelta(minutes=1), tick=False):
        # 07:00 CET on the 28th to 07:00 CEST on the 29th: 23 hours, not 24.
        assert schedule.remaining_estimate(before) == datetime.timedelta(hours=22, minutes=59)
    assert {t.task for t in PeriodicTask.objects.filter(task__startswith="notices.")} == {
        "notices.plan",
        "notices.send_due",
        "notices.digest",
    }


def test_paminn_on_the_roster_editor_reaches_the_member_once_through_the_engine(smtp, group, leader):
    from kunskapsstyrning.organisation import services as roster_services

    member = MembershipFactory(group=group, person=PersonFactory(first_name="Ulla", last_name="Odeklarerad"))
    gone = MembershipFactory(group=group)
    for m in (member, gone):
        roster_services.reminder_request(
            group=group, membership=m, subject="javsdeklaration_saknas", about="Jävsdeklaration saknas", by=leader
        )
    roster_services.membership_end(membership=gone, end_date=TODAY - DAY, by=leader)
    assert services.plan() == 1  # the one who left is no longer a recipient: nothing decided
    assert services.plan() == 0
    assert services.send_due() == {"skickad": 1}
    (message,) = smtp.wait_for(1)
    assert message["To"] == member.person.email
    assert "Jävsdeklaration saknas" in message["Subject"] + message.get_payload()[0].get_payload(decode=True).decode()
    notice = Notice.objects.get(kind="paminnelse_begard", person=member.person)
    assert notice.url == "/min-sida/"
