"""Calls for seats and nominations: the path from call to membership, and its refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kunskapsstyrning.nominations import services
from kunskapsstyrning.nominations.models import Nomination
from kunskapsstyrning.nominations.permissions import NOMINATE_FOR
from kunskapsstyrning.organisation.choices import GroupKind, Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Membership, Person, RosterChange
from tests.clock import TODAY, frozen
from tests.concurrency import overlapping
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date


@pytest.fixture
def nag(structure):
    return Group.objects.get(slug="nag-vardforlopp-stroke")


@pytest.fixture
def leader(nag):
    user = UserFactory()
    npo = Group.objects.get(slug="npo-nervsystemets-sjukdomar")
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=PersonFactory(user=user))
    return user


@pytest.fixture
def call(nag, leader):
    return services.call_create(
        group=nag,
        by=leader,
        title="Patientföreträdare till NAG Stroke (demo)",
        role=Role.PATIENT_REPRESENTATIVE,
        task="Delta i arbetet med vårdförloppet (demotext).",
        competences="Erfarenhet som patient eller närstående (demotext).",
        seats=1,
        closes_on=TODAY + datetime.timedelta(days=30),
        mandate_start=TODAY + datetime.timedelta(days=60),
        mandate_end=TODAY + datetime.timedelta(days=60 + 3 * 365),
        deciding_body="gruppen",
    )


def test_self_nomination_needs_the_managers_approval(call):
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(call=call, person=PersonFactory(), nominated_by="sjalv", motivation="Demo")
    assert "En egen intresseanmälan kräver chefens godkännande." in exc.value.messages


def test_nominating_after_the_closing_date_is_refused(call):
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(
            call=call,
            person=PersonFactory(),
            nominated_by="sjukvardsregion",
            nominating_healthcare_region=HealthcareRegion.objects.first(),
            motivation="Demo",
            on=call.closes_on + datetime.timedelta(days=1),
        )
    assert "Utlysningen stängde" in exc.value.messages[0]


def test_acceptance_requires_a_conflict_check_and_creates_the_membership(call, leader):
    nominee = PersonFactory()
    sodra = HealthcareRegion.objects.get(slug="sodra")
    nomination = services.nomination_submit(
        call=call, person=nominee, nominated_by="sjukvardsregion", nominating_healthcare_region=sodra, motivation="Demo"
    )
    with pytest.raises(ValidationError, match="Jäv måste vara kontrollerat"):
        services.nomination_decide(nomination=nomination, accept=True, by=leader)
    assert not Membership.objects.filter(person=nominee).exists()
    services.nomination_check_conflicts(nomination=nomination, note="Deklaration granskad (demo)", by=leader)
    checked = Nomination.objects.get(pk=nomination.pk)
    assert (checked.conflicts_checked_by, checked.conflicts_checked_at is not None) == (leader, True)
    decided = services.nomination_decide(nomination=nomination, accept=True, by=leader)
    membership = decided.membership
    assert decided.status == "antagen"
    assert (membership.group, membership.role, membership.start_date) == (
        call.group,
        Role.PATIENT_REPRESENTATIVE,
        call.mandate_start,
    )
    assert membership.represents == sodra
    assert RosterChange.objects.filter(membership=membership, actor=leader).exists()
    with pytest.raises(ValidationError, match="kan inte ändras"):
        services.nomination_decide(nomination=decided, accept=False, by=leader)


def test_no_more_acceptances_than_seats(call, leader):
    nominations = []
    for _ in range(2):
        n = services.nomination_submit(
            call=call,
            person=PersonFactory(),
            nominated_by="sjalv",
            manager_approval=True,
            manager_name="Chef (demo)",
            motivation="Demo",
        )
        services.nomination_check_conflicts(nomination=n)
        nominations.append(n)
    services.nomination_decide(nomination=nominations[0], accept=True)
    with pytest.raises(ValidationError, match=r"Utlysningens platser är redan tillsatta \(1 av 1\)."):
        services.nomination_decide(nomination=nominations[1], accept=True)
    assert Nomination.objects.get(pk=nominations[1].pk).status == "inlamnad"


def test_the_same_person_cannot_be_nominated_twice_to_one_call(call):
    person = PersonFactory()
    fields = {"nominated_by": "sjalv", "manager_approval": True, "manager_name": "Chef", "motivation": "Demo"}
    services.nomination_submit(call=call, person=person, **fields)
    with pytest.raises(ValidationError, match="redan nominerad"):
        services.nomination_submit(call=call, person=person, **fields)


def test_the_journey_in_pages(client, call, leader, nag):
    member_user = UserFactory()
    nominee = PersonFactory(user=member_user, first_name="Nora", last_name="Nominerad")
    html = client.get(nag.get_absolute_url()).content.decode()
    assert call.title in html  # open calls are public
    client.force_login(member_user)
    url = reverse("nominations:call", args=[call.pk])
    response = client.post(url, {"nominated_by": "sjalv", "motivation": "Demo"})
    assert "En egen intresseanmälan kräver chefens godkännande." in response.content.decode()
    response = client.post(
        url,
        {
            "nominated_by": "sjalv",
            "motivation": "Demo",
            "manager_approval": "on",
            "manager_name": "Chef Chefsson (demo)",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(person=nominee)
    assert 'id="nominations-heading"' not in client.get(url).content.decode()  # nominations are for the deciders
    decide = reverse("nominations:decide", args=[nomination.pk])
    assert client.post(decide, {"action": "check"}).status_code == 403
    client.force_login(leader)
    assert "Nora Nominerad" in client.get(url).content.decode()
    client.post(decide, {"action": "check", "note": "Granskad"})
    page = client.post(decide, {"action": "accept", "note": "Enhälligt"}).content.decode()
    assert "Bekräfta att du antar nomineringen av Nora Nominerad" in page and "Enhälligt" in page
    assert not Membership.objects.filter(group=nag, person=nominee).exists()  # not yet
    client.post(decide, {"action": "accept", "note": "Enhälligt", "confirm": "1"})
    assert Membership.objects.filter(group=nag, person=nominee, role=Role.PATIENT_REPRESENTATIVE).exists()
    assert Nomination.objects.get(pk=nomination.pk).decision_note == "Enhälligt"


def test_declining_is_confirmed_on_a_page_of_its_own(client, call, leader, django_assert_num_queries):
    nominee = PersonFactory(first_name="Dora", last_name="Avslagen")
    nomination = services.nomination_submit(
        call=call, person=nominee, nominated_by="sjalv", motivation="Demo", manager_approval=True, manager_name="C"
    )
    decide = reverse("nominations:decide", args=[nomination.pk])
    client.force_login(UserFactory())
    assert client.get(decide, {"action": "decline"}).status_code == 403
    client.force_login(leader)
    client.get(decide, {"action": "decline"})  # warm the per-process caches
    with django_assert_num_queries(8):  # session, user, nomination, EDIT_ROSTER, the page frame, notice count
        page = client.get(decide, {"action": "decline"}).content.decode()
    assert "Bekräfta att du avslår nomineringen av Dora Avslagen" in page
    assert 'name="confirm"' in page
    assert client.post(decide, {"action": "decline"}).status_code == 200
    assert Nomination.objects.get(pk=nomination.pk).status == "inlamnad"
    assert client.post(decide, {"action": "decline", "confirm": "1"}).status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).status == "avslagen"


def test_only_roster_editors_publish_calls(client, nag, leader):
    url = reverse("nominations:call_create", args=[nag.slug])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(leader)
    response = client.post(
        url,
        {
            "title": "Ledamot (demo)",
            "role": "ledamot",
            "seats": 2,
            "task": "Demo",
            "competences": "Demo",
            "closes_on": "2099-01-31",
            "mandate_start": "2099-03-01",
            "mandate_end": "2099-01-01",
            "deciding_body": "gruppen",
        },
    )
    assert "Mandatet kan inte sluta före det börjar." in response.content.decode()
    assert not nag.calls.exists()


@pytest.mark.django_db(transaction=True)
def test_two_deciders_cannot_both_take_the_last_seat():
    from kunskapsstyrning.organisation.loaders import load_structure

    load_structure()
    nag = Group.objects.get(slug="nag-vardforlopp-stroke")
    one_seat = services.call_create(
        group=nag,
        title="En plats (demo)",
        task="Demo",
        competences="Demo",
        seats=1,
        closes_on=TODAY + datetime.timedelta(days=10),
        mandate_start=TODAY + datetime.timedelta(days=20),
        deciding_body="gruppen",
    )
    nominations = []
    for _ in range(2):
        n = services.nomination_submit(
            call=one_seat,
            person=PersonFactory(),
            nominated_by="sjalv",
            manager_approval=True,
            manager_name="Chef (demo)",
            motivation="Demo",
        )
        nominations.append(services.nomination_check_conflicts(nomination=n))
    first, second = (lambda n=n: services.nomination_decide(nomination=n, accept=True) for n in nominations)
    outcomes = overlapping(first, second, refused=(ValidationError,))
    assert outcomes == ["ok", "refused"]  # one accepted, one refused
    assert Membership.objects.filter(group=nag).count() == 1


# The exact number of queries of the call pages for the deciding process leader, whatever the
# number of nominations.
QUERIES = {
    # +1 each: the header's unread-notice count
    "utlysning": 10,  # the form asks which sjukvårdsregioner and RPOs the user may nominate for (one query)
    "ny utlysning": 10,
}


def test_call_pages_run_a_constant_number_of_queries(client, call, leader, nag, django_assert_num_queries):
    def nominate(n):
        for _ in range(n):
            services.nomination_submit(
                call=call,
                person=PersonFactory(),
                nominated_by="sjalv",
                manager_approval=True,
                manager_name="Chef (demo)",
                motivation="Demo",
            )

    client.force_login(leader)
    url = reverse("nominations:call", args=[call.pk])
    nominate(2)
    with django_assert_num_queries(QUERIES["utlysning"]):
        assert client.get(url).status_code == 200
    nominate(15)
    with django_assert_num_queries(QUERIES["utlysning"]):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(QUERIES["ny utlysning"]):
        assert client.get(reverse("nominations:call_create", args=[nag.slug])).status_code == 200


# Who may nominate on whose behalf (NOMINATE_FOR): the form's choices, the rule and the service
# give the same answer for each role.
@pytest.fixture
def roles(structure):
    norra, sodra = HealthcareRegion.objects.get(slug="norra"), HealthcareRegion.objects.get(slug="sodra")
    rpo_norra = Group.objects.filter(kind=GroupKind.RPO, healthcare_region=norra, closed_on__isnull=True).first()
    rpo_sodra = Group.objects.create(
        kind=GroupKind.RPO,
        name="RPO Cancersjukdomar Södra (test)",
        slug="rpo-cancer-sodra-test",
        healthcare_region=sodra,
        mirror_of=rpo_norra.mirror_of,
    )
    assert rpo_norra and rpo_sodra

    def user_in(group, **fields):
        user = UserFactory()
        MembershipFactory(group=group, person=PersonFactory(user=user), **fields)
        return user

    npo = Group.objects.get(slug="npo-akut-vard")
    return {
        "norra": norra,
        "sodra": sodra,
        "rpo_norra": rpo_norra,
        "rpo_sodra": rpo_sodra,
        "outsider": UserFactory(),
        "npo member for norra": user_in(npo, represents_healthcare_region=norra),
        "rpo leader in norra": user_in(rpo_norra, role=Role.PROCESS_LEADER),
        "rpo member in norra": user_in(rpo_norra),
        "support": user_in(Group.objects.filter(kind=GroupKind.SUPPORT_FUNCTION).first()),
    }


# (role, sjukvårdsregioner, RPOs) the role may nominate for.
MAY_NOMINATE_FOR = [
    ("outsider", set(), set()),
    ("npo member for norra", {"norra"}, set()),
    ("rpo leader in norra", {"norra"}, {"rpo_norra"}),
    ("rpo member in norra", set(), set()),
    ("support", {"norra", "sodra"}, {"rpo_norra", "rpo_sodra"}),
]


@pytest.mark.parametrize(("role", "regions", "rpos"), MAY_NOMINATE_FOR)
def test_who_may_nominate_for_a_sjukvardsregion_or_an_rpo(client, call, roles, role, regions, rpos):
    user = roles[role]
    url = reverse("nominations:call", args=[call.pk])
    client.force_login(user)
    form = client.get(url).context["form"]
    for key, by, field in (
        ("norra", "sjukvardsregion", "nominating_healthcare_region"),
        ("sodra", "sjukvardsregion", "nominating_healthcare_region"),
        ("rpo_norra", "rpo", "nominating_group"),
        ("rpo_sodra", "rpo", "nominating_group"),
    ):
        allowed = key in regions | rpos
        target = roles[key]
        offered = field in form.fields and form.fields[field].queryset.filter(pk=target.pk).exists()
        nomination = Nomination(call=call, person=PersonFactory(), nominated_by=by, **{field: target})
        assert offered == allowed == user.has_perm(NOMINATE_FOR, nomination), (role, key)
        # The page: a nomination in someone else's name.
        person = f"Nomi{key.replace('_', '')}"
        response = client.post(
            url,
            {
                "first_name": person,
                "last_name": "Nominerad",
                "nominated_by": by,
                field: target.pk,
                "motivation": "Demo",
            },
        )
        assert (response.status_code == 302) == allowed, (role, key)
        assert Nomination.objects.filter(call=call, person__first_name=person).exists() == allowed
        if not allowed:
            assert ("Du kan bara nominera för" in response.content.decode()) or by not in dict(
                form.fields["nominated_by"].choices
            )
        # The service asks the rule again.
        fields = {"nominated_by": by, field: target, "motivation": "Demo"}
        if allowed:
            services.nomination_submit(call=call, person=PersonFactory(), by=user, **fields)
        else:
            with pytest.raises(ValidationError, match="Du kan bara nominera för"):
                services.nomination_submit(call=call, person=PersonFactory(), by=user, **fields)


def test_a_self_nomination_is_only_for_oneself(client, call, roles):
    user = roles["npo member for norra"]
    client.force_login(user)
    url = reverse("nominations:call", args=[call.pk])
    data = {"nominated_by": "sjalv", "motivation": "Demo", "manager_approval": "on", "manager_name": "Chef"}
    fields = {"nominated_by": "sjalv", "motivation": "Demo", "manager_approval": True, "manager_name": "Chef"}
    with pytest.raises(ValidationError, match="bara gälla dig själv"):
        services.nomination_submit(call=call, person=PersonFactory(), by=user, **fields)
    assert not Nomination.objects.filter(call=call).exists()
    # A self-nomination is the logged-in person's: names posted beside it are not a nominee.
    response = client.post(url, {**data, "first_name": "Annan", "last_name": "Person", "email": "annan@test.invalid"})
    assert response.status_code == 302
    assert Nomination.objects.get(call=call).person == user.person
    assert not Person.objects.filter(first_name="Annan").exists()
    # Without a person of one's own there is no self-nomination to choose.
    client.force_login(roles["outsider"])
    response = client.get(url)
    assert "sjalv" not in dict(response.context["form"].fields["nominated_by"].choices)
    assert "därför kan du inte nominera här" in response.content.decode()


def test_the_nomination_form_does_not_tell_whom_an_address_belongs_to(client, call, roles):
    existing = PersonFactory(first_name="Hemlig", last_name="Innehavare", email="hemlig@test.invalid")
    client.force_login(roles["npo member for norra"])
    url = reverse("nominations:call", args=[call.pk])
    response = client.post(
        url,
        {
            "first_name": "Gissad",
            "last_name": "Person",
            "email": "HEMLIG@test.invalid",
            "nominated_by": "sjukvardsregion",
            "nominating_healthcare_region": roles["norra"].pk,
            "motivation": "Demo",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Hemlig" not in page and "Innehavare" not in page and "tillhör redan" not in page
    assert Nomination.objects.get(call=call).person == existing  # the existing person, used silently


def test_support_staff_see_every_open_call_with_its_nominations(client, call, leader, nag, django_assert_num_queries):
    from tests.factories import make_support_staff

    url = reverse("nominations:open_calls")
    client.force_login(leader)
    assert client.get(url).status_code == 403
    assert url not in client.get(reverse("nominations:call", args=[call.pk])).content.decode()  # not in the nav
    staff = make_support_staff()
    client.force_login(staff)
    closed = services.call_create(
        group=nag,
        by=leader,
        title="Stängd utlysning (demo)",
        role=Role.MEMBER,
        task="Demo",
        competences="Demo",
        seats=1,
        closes_on=TODAY - datetime.timedelta(days=1),
        mandate_start=TODAY + datetime.timedelta(days=60),
        deciding_body="gruppen",
    )
    client.get(url)  # warm the per-process caches

    def page():
        with django_assert_num_queries(7):  # session, user, person, support staff, calls, nominations, notices
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    html = page()
    assert call.title in html and closed.title not in html and "Inga nomineringar ännu." in html
    assert f'href="{url}" aria-current="page"' in html  # in the nav, for support staff
    for i in range(3):
        services.nomination_submit(
            call=call,
            person=PersonFactory(first_name=f"Nils{i}", last_name="Nominerad"),
            nominated_by="sjalv",
            motivation="Demo",
            manager_approval=True,
            manager_name="C",
        )
    html = page()
    assert "Nils0 Nominerad" in html and "Nils2 Nominerad" in html
    # The same table as on the call page (one include), without the deciders' columns.
    assert f'role="region" aria-labelledby="call-{call.pk}"' in html
    assert f'<caption class="visually-hidden">Nomineringar till {call.title}</caption>' in html
    assert '<th scope="col">Inlämnad</th>' in html and "Motivering" not in html and "Anta" not in html
    client.force_login(leader)
    detail = client.get(reverse("nominations:call", args=[call.pk])).content.decode()
    assert 'role="region" aria-label="Nomineringar"' in detail and '<th scope="col">Motivering</th>' in detail
    assert "Nils0 Nominerad" in detail and 'value="check"' in detail


def test_who_nominates_is_asked_once(client, call, roles):
    """Issue 7, item 21: "Jag själv" is the nominator and the nominee at once; the nominee's name
    is asked only for someone else, and a user who may only nominate themselves is asked nothing."""
    url = reverse("nominations:call", args=[call.pk])
    only_self = UserFactory()
    PersonFactory(user=only_self, first_name="Sara", last_name="Självsdotter")
    client.force_login(only_self)
    response = client.get(url)
    form, html = response.context["form"], response.content.decode()
    assert form.self_only and "Vem nomineras" not in html and "Vem nominerar" not in html
    assert set(form.fields) == {"nominated_by", "motivation", "manager_approval", "manager_name"}
    assert "Du anmäler ditt eget intresse som Sara Självsdotter." in html
    assert 'type="hidden" name="nominated_by" value="sjalv"' in html
    assert 'name="first_name"' not in html and 'name="nominating_healthcare_region"' not in html
    response = client.post(
        url,
        {"nominated_by": "sjalv", "motivation": "Demo", "manager_approval": "on", "manager_name": "Chef (demo)"},
    )
    assert response.status_code == 302
    assert Nomination.objects.get(call=call).person == only_self.person

    # A representative is asked once who nominates; the nominee's fields are for someone else.
    client.force_login(roles["npo member for norra"])
    html = client.get(url).content.decode()
    assert html.count("Vem nominerar?") == 1 and "Vem nomineras" not in html
    assert "Jag nominerar mig själv (egen intresseanmälan)" in html
    assert "Den du nominerar" in html and 'name="nominating_group"' not in html  # leads no RPO
