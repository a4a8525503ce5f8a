"""Every kind of write makes the next anonymous request render again and show the change.

Each test: the page renders (miss), comes from the cache with one query (the version), the
write commits through its usual path, and the next request is a miss showing the change.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from kunskapsstyrning.organisation import services as organisation
from kunskapsstyrning.organisation.choices import GroupKind, OrganisationKind, Role
from kunskapsstyrning.organisation.loaders import load_structure
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Membership, Organisation
from kunskapsstyrning.organisation.models.periods import today
from tests.factories import GroupFactory, HealthcareRegionFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.date(2024, 1, 1)


@pytest.fixture
def group():
    return GroupFactory(kind=GroupKind.NPO, name="Exempelområdet")


def url_of(group) -> str:
    return f"/grupper/{group.slug}/"


def test_roster_addition(group, cached, after_write):
    cached(url_of(group), hides="Ada Exempelsson")
    person = PersonFactory.build(first_name="Ada", last_name="Exempelsson")
    organisation.membership_create(person=person, group=group, role=Role.MEMBER, start_date=START)
    after_write(url_of(group), shows="Ada Exempelsson")


def test_roster_ending(group, cached, after_write):
    membership = MembershipFactory(
        group=group, person=PersonFactory(first_name="Bo", last_name="Avgående"), start_date=START
    )
    cached(url_of(group), shows="Bo Avgående")
    organisation.membership_end(membership=membership, end_date=today() - datetime.timedelta(days=1))
    after_write(url_of(group), hides="Bo Avgående")
    assert Membership.objects.get(pk=membership.pk).end_date is not None


def test_hosting_transfer(group, cached, after_write):
    region = HealthcareRegionFactory(name="Exempelregionen i norr")
    cached(url_of(group), hides="Exempelregionen i norr")
    organisation.hosting_transfer(group=group, host=region, start_date=today())
    after_write(url_of(group), shows="Exempelregionen i norr")


def test_rename(group, cached, after_write):
    cached("/katalog/", shows="Exempelområdet")
    organisation.group_rename(group=group, name="Omdöpta området")
    after_write("/katalog/", shows="Omdöpta området", hides="Exempelområdet")


def test_queryset_update(group, cached, after_write):
    """A bulk UPDATE runs no Python hook at all: the trigger still sees it."""
    cached("/katalog/", shows="Exempelområdet")
    Group.objects.filter(pk=group.pk).update(name="Uppdaterat i bulk")
    after_write("/katalog/", shows="Uppdaterat i bulk")


def test_admin_change(group, cached, after_write, client):
    owner = Organisation.objects.create(
        name="Exempelförbundet", slug="exempelforbundet", kind=OrganisationKind.choices[0][0]
    )
    organisation.hosting_transfer(group=group, host=owner, start_date=today())
    cached(url_of(group), shows="Exempelförbundet")
    admin = get_user_model().objects.create_superuser("admin-test", "admin@test.invalid", "hemligt-losen")
    client.force_login(admin)
    response = client.post(
        f"/admin/organisation/organisation/{owner.pk}/change/",
        {"name": "Förbundet med nytt namn", "short_name": "", "slug": owner.slug, "kind": owner.kind, "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after_write(url_of(group), shows="Förbundet med nytt namn")


@pytest.fixture
def structure_loaded():
    if not HealthcareRegion.objects.exists():
        load_structure()


def test_nkk_publishing_and_change(structure_loaded, visitor, cached, after_write):
    from nkk import services as nkk
    from nkk.models import PublishingDate
    from tests.nkk.conftest import make_area, make_cast, make_recommendation, publish_now

    npo = Group.objects.get(slug="npo-barn-och-ungdomars-halsa")
    nag = Group.objects.get(slug="nag-kunskapsstod-barn-och-ungdomars-halsa")
    cast = make_cast(npo, nag)
    recommendation = make_recommendation(make_area(npo), nag, title="Exempelbesvär hos barn")
    cached("/kunskapsstod/", hides="Exempelbesvär hos barn")

    publishing_date = PublishingDate.objects.create(date=today() + datetime.timedelta(days=7))
    publish_now(recommendation.versions.get(), cast, publishing_date)
    after_write("/kunskapsstod/", shows="Exempelbesvär hos barn")

    # A change to the published recommendation: withdrawn, it leaves the public list.
    recommendation.refresh_from_db()
    page = f"/kunskapsstod/{recommendation.slug}/"
    cached(page, shows="Exempelbesvär hos barn")
    nkk.recommendation_withdraw(recommendation=recommendation, by=cast.support, comment="Ersätts (test).")
    gone = visitor.client.get(page)  # rendered again: the withdrawn page answers 410, not the stored 200
    assert gone.status_code == 410 and "X-Page-Cache" not in gone
    after_write("/kunskapsstod/", hides="Exempelbesvär hos barn")


def test_care_pathway_publishing(structure_loaded, cached, after_write):
    from tests.svf.conftest import Cast, make_pathway, person_in, walk_to

    nag = Group.objects.get(slug="nag-vardforlopp-hjartsvikt")
    npo = Group.objects.get(slug="npo-hjart-och-karlsjukdomar")
    sks = Group.objects.get(kind=GroupKind.SKS)
    from tests.factories import UserFactory, make_support_staff

    cast = Cast(
        nag_member=person_in(nag, Role.MEMBER, "nag-ledamot"),
        process_leader=person_in(nag, Role.PROCESS_LEADER, "nag-processledare"),
        nag_chair=person_in(nag, Role.CHAIR, "nag-ordforande"),
        sks_member=person_in(sks, Role.MEMBER, "sks-ledamot"),
        support=make_support_staff(UserFactory(username="stodfunktion-test")),
        npo_member=person_in(npo, Role.MEMBER, "npo-ledamot"),
        outsider=UserFactory(username="utomstaende"),
        anonymous=None,
    )
    pathway = make_pathway(nag, npo, name="Exempelförloppet")
    cached("/vardforlopp/", shows="Exempelförloppet</a> – Påbörjad")
    walk_to(pathway, "publicerad", cast)
    after_write("/vardforlopp/", hides="Exempelförloppet</a> – Påbörjad")


def test_plan_change(group, cached, after_write):
    from plans import services as plans

    plan = plans.plan_create(group=group, year=today().year)
    plans.initiative_create(plan=plan, title="Första exempelinsatsen", kind="kunskapsstod")
    cached("/verksamhetsplaner/", shows="Första exempelinsatsen", hides="Andra exempelinsatsen")
    plans.initiative_create(plan=plan, title="Andra exempelinsatsen", kind="kunskapsstod")
    after_write("/verksamhetsplaner/", shows="Andra exempelinsatsen")
