"""People in every role around one recommendation, on the real structure."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion
from nkk import services
from nkk.choices import SectionKind
from nkk.models import PublishingDate, SubjectArea
from tests.factories import MembershipFactory, PersonFactory, UserFactory, make_support_staff

NPO = "npo-barn-och-ungdomars-halsa"
NAG = "nag-kunskapsstod-barn-och-ungdomars-halsa"
START = datetime.date(2020, 1, 1)


@dataclass
class Cast:
    owner_member: object
    owner_leader: object
    npo_chair: object
    npo_member: object
    support: object
    outsider: object
    anonymous: object

    def by_role(self) -> dict:
        return {
            "ledamot i arbetsgruppen": self.owner_member,
            "processledare i arbetsgruppen": self.owner_leader,
            "NPO:s ordförande": self.npo_chair,
            "ledamot i NPO": self.npo_member,
            "stödfunktionen": self.support,
            "utomstående": self.outsider,
            "anonym": self.anonymous,
        }


def _person_in(group, role, username):
    user = UserFactory(username=username)
    MembershipFactory(person=PersonFactory(user=user), group=group, role=role, start_date=START)
    return user


@pytest.fixture
def npo(db):
    return Group.objects.get(slug=NPO)


@pytest.fixture
def nag(db):
    return Group.objects.get(slug=NAG)


@pytest.fixture
def area(npo):
    return make_area(npo)


def make_cast(npo, nag) -> Cast:
    return Cast(
        owner_member=_person_in(nag, Role.MEMBER, "nag-ledamot"),
        owner_leader=_person_in(nag, Role.PROCESS_LEADER, "nag-processledare"),
        npo_chair=_person_in(npo, Role.CHAIR, "npo-ordforande"),
        npo_member=_person_in(npo, Role.MEMBER, "npo-ledamot"),
        support=make_support_staff(UserFactory(username="stodfunktion-test")),
        outsider=UserFactory(username="utomstaende"),
        anonymous=AnonymousUser(),
    )


def make_area(npo) -> SubjectArea:
    return SubjectArea.objects.create(
        name="Barn och ungdomar",
        slug="barn-och-ungdomar",
        healthcare_region=HealthcareRegion.objects.get(slug="sydostra"),
        steering_npo=npo,
    )


@pytest.fixture
def cast(npo, nag) -> Cast:
    return make_cast(npo, nag)


SECTIONS = {
    SectionKind.CARE_LEVEL: "Exempeltext – inte ett kliniskt råd. Vårdnivå i primärvården.",
    SectionKind.TREATMENT: "Exempeltext – inte ett kliniskt råd.\n\nEn rad om behandling.",
}


def make_recommendation(area, nag, title="Förstoppning hos barn", **kwargs):
    return services.recommendation_create(
        subject_area=area, owning_group=nag, title=title, sections=dict(SECTIONS), **kwargs
    )


def walk_to(version, state, cast, publishing_date=None):
    """Move a draft along the main path to `state`, each step by the one who may take it."""
    path = [
        ("submit", cast.owner_leader),
        ("approve_round_1", cast.npo_chair),
        ("end_round_1", cast.owner_leader),
        ("approve_round_2", cast.npo_chair),
        ("end_round_2", cast.owner_leader),
        ("approve", cast.npo_chair),
        ("plan", cast.support),
    ]
    for action, user in path:
        if version.state == state:
            break
        version = services.transition(
            version=version,
            action=action,
            by=user,
            second_round_kind="remiss",
            publishing_date=publishing_date,
        )
    assert version.state == state
    return version


@pytest.fixture
def recommendation(area, nag):
    return make_recommendation(area, nag)


@pytest.fixture
def publishing_date(db):
    from kunskapsstyrning.organisation.models.periods import today

    return PublishingDate.objects.create(date=today() + datetime.timedelta(days=7))


def publish_now(version, cast, publishing_date):
    """Plan the version for the date and publish the date as if the day had come."""
    version = walk_to(version, "planerad", cast, publishing_date)
    result = services.publishing_date_publish(publishing_date=publishing_date, on=publishing_date.date)
    assert result.ok, result.refused
    version.refresh_from_db()
    return version
