"""Issue 14, item 1: a person added to a roster without an account is invited, once, by e-mail;
the link works once, expires, and lands the person on their own page."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kunskapsstyrning.accounts import services
from kunskapsstyrning.accounts.models import Invitation
from kunskapsstyrning.organisation import services as org
from kunskapsstyrning.organisation.choices import GroupKind, Role
from tests.accounts.conftest import body_of, link_in, wait_until
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory, make_support_staff

START = datetime.date(2025, 1, 1)


def add(person, group=None):
    editor = UserFactory(username="redaktor")
    return org.membership_create(
        person=person, group=group or GroupFactory(), role=Role.MEMBER, start_date=START, by=editor
    )


@pytest.mark.django_db
def test_a_new_member_without_account_gets_one_invitation_whatever_the_number_of_groups():
    person = PersonFactory(email="ny@exempel.invalid")
    add(person)
    add(person)
    assert Invitation.objects.filter(person=person).count() == 1
    invitation = Invitation.objects.get(person=person)
    assert invitation.sent_at is None and invitation.token_hash == ""


@pytest.mark.django_db
def test_no_invitation_for_someone_with_an_account_or_without_an_address():
    add(PersonFactory(user=UserFactory()))
    add(PersonFactory(email=""))
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_replacement_and_import_invite_too():
    group = GroupFactory()
    old = MembershipFactory(group=group, person=PersonFactory(user=UserFactory()), start_date=START)
    successor = PersonFactory(email="eftertradare@exempel.invalid")
    org.membership_replace(
        membership=old, successor=successor, start_date=START + datetime.timedelta(days=10), by=UserFactory()
    )
    assert Invitation.objects.filter(person=successor).exists()


@pytest.mark.django_db
def test_loaders_and_the_demo_invite_no_one():
    add_without_user = org.membership_create(
        person=PersonFactory(email="laddad@exempel.invalid"), group=GroupFactory(), start_date=START
    )
    assert add_without_user.pk and not Invitation.objects.exists()


@pytest.mark.django_db
def test_nothing_is_written_when_the_roster_change_is_refused():
    person = PersonFactory(email="nekad@exempel.invalid")
    with pytest.raises(Exception):  # noqa: B017, PT011  (the membership's own refusal)
        org.membership_create(
            person=person,
            group=GroupFactory(),
            start_date=START,
            end_date=START - datetime.timedelta(days=1),
            by=UserFactory(),
        )
    assert not Invitation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_sent_once_by_the_worker_through_smtp_link_works_once_and_lands_on_mina_uppdrag(
    client, smtp, celery_worker, settings
):
    settings.SITE_URL = "http://portal.test"
    person = PersonFactory(first_name="Inbjuden", last_name="Demosson", email="inbjuden@exempel.invalid")
    group = GroupFactory(kind=GroupKind.NAG, name="Demo-NAG för inbjudan")
    add(person, group)

    messages = smtp.wait_for(1)
    assert len(messages) == 1
    mail = messages[0]
    assert mail["To"] == "inbjuden@exempel.invalid"
    assert mail["Subject"] == "Inbjudan till Kunskapsstyrningsportalen"
    invitation = wait_until(lambda: Invitation.objects.filter(person=person, sent_at__isnull=False).first())
    assert mail["Message-ID"] == invitation.message_id == f"<inbjudan-{invitation.pk}@localhost>"
    assert "Hej Inbjuden Demosson!" in body_of(mail)
    assert invitation.sent_at is not None
    assert invitation.expires_at == invitation.sent_at + datetime.timedelta(days=settings.INVITATION_VALID_DAYS)

    # Once only: the task again (a retry, a duplicate message) sends nothing.
    assert services.invitation_send(invitation.pk) is False
    from kunskapsstyrning.accounts.tasks import deliver_invitation

    assert deliver_invitation.delay(invitation.pk).get(timeout=20) is False
    assert len(smtp.messages) == 1

    link = link_in(mail).removeprefix("http://portal.test")
    assert invitation.token_hash not in link  # only the hash is stored
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:invitation_accept")
    page = client.get(response["Location"])
    assert "inbjuden@exempel.invalid" in page.content.decode()
    response = client.post(
        reverse("accounts:invitation_accept"),
        {"password1": "Ett långt lösen 2026", "password2": "Ett långt lösen 2026"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("organisation:my_assignments")
    mine = client.get(response["Location"]).content.decode()
    assert "Demo-NAG för inbjudan" in mine
    person.refresh_from_db()
    assert person.user.username == "inbjuden@exempel.invalid"
    assert person.user.check_password("Ett långt lösen 2026")

    # Used: the link does not work again, not even in another browser.
    client.post(reverse("logout"))
    again = client.get(client.get(link)["Location"])
    assert again.status_code == 410
    assert "Inbjudan gäller inte längre" in again.content.decode()

    # Another roster later: no new invitation for someone who has an account.
    add(person)
    assert Invitation.objects.filter(person=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_expired_link_is_refused_and_the_leader_can_send_a_new_one(client, smtp, celery_worker, settings):
    settings.SITE_URL = "http://portal.test"
    person = PersonFactory(first_name="Sen", last_name="Demosson", email="sen@exempel.invalid")
    group = GroupFactory(kind=GroupKind.NPO, name="Demo-NPO")
    add(person, group)
    first = smtp.wait_for(1)[0]
    wait_until(lambda: Invitation.objects.filter(person=person, sent_at__isnull=False).exists())
    link = link_in(first).removeprefix("http://portal.test")

    later = timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        response = client.get(client.get(link)["Location"])
        assert response.status_code == 410
        leader = UserFactory(username="ledare")
        MembershipFactory(person=PersonFactory(user=leader), group=group, role=Role.PROCESS_LEADER, start_date=START)
        client.force_login(leader)
        listing = client.get(reverse("accounts:group_invitations", args=[group.slug])).content.decode()
        assert "Sen Demosson" in listing and "Gick ut" in listing
        client.post(reverse("accounts:group_invitations", args=[group.slug]), {"person": person.pk})
        client.logout()
    second = smtp.wait_for(2)[1]
    wait_until(lambda: Invitation.objects.filter(person=person, sent_at__isnull=False, revoked_at=None).exists())
    assert second["Message-ID"] != first["Message-ID"]
    new_link = link_in(second).removeprefix("http://portal.test")
    assert new_link != link
    assert client.get(client.get(link)["Location"]).status_code == 410
    assert client.get(client.get(new_link)["Location"]).status_code == 200


@pytest.mark.django_db
def test_only_the_groups_leaders_and_support_staff_see_and_resend(client):
    group = GroupFactory()
    MembershipFactory(group=group, person=PersonFactory(email="utan@exempel.invalid"), start_date=START)
    url = reverse("accounts:group_invitations", args=[group.slug])
    member = UserFactory()
    MembershipFactory(group=group, person=PersonFactory(user=member), start_date=START)
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "all"}).status_code == 403
    client.force_login(make_support_staff())
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_support_staff_invite_a_whole_group_at_once(client):
    group = GroupFactory()
    people = [PersonFactory() for _ in range(3)]
    for person in people:
        MembershipFactory(group=group, person=person, start_date=START)
    MembershipFactory(group=group, person=PersonFactory(email=""), start_date=START)
    client.force_login(make_support_staff())
    client.post(reverse("accounts:group_invitations", args=[group.slug]), {"action": "all"})
    assert Invitation.objects.filter(person__in=people).count() == 3
    client.post(reverse("accounts:group_invitations", args=[group.slug]), {"action": "all"})
    assert Invitation.objects.filter(person__in=people).count() == 3  # no duplicates


@pytest.mark.django_db
def test_the_invitation_list_needs_the_same_queries_for_2_and_20_people(client, django_assert_max_num_queries):
    def count_for(n):
        group = GroupFactory()
        for _ in range(n):
            person = PersonFactory()
            MembershipFactory(group=group, person=person, start_date=START)
            services.invitation_create(person=person)
        user = make_support_staff()
        client.force_login(user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("accounts:group_invitations", args=[group.slug])).status_code == 200
        return len(queries)

    assert count_for(2) == count_for(20)
