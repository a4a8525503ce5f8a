"""Helpers for the activity-plan tests: plans built through the services, people with roles."""

import datetime

import pytest

from kunskapsstyrning.organisation.choices import GroupKind, Role
from plans import services
from plans.choices import InitiativeKind
from tests.factories import GroupFactory, HealthcareRegionFactory, MembershipFactory, PersonFactory, UserFactory


def process_leader_of(group):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), group=group, role=Role.PROCESS_LEADER)
    return user


def sks_member():
    user = UserFactory()
    sks = GroupFactory(kind=GroupKind.SKS, name="SKS (test)")
    MembershipFactory(person=PersonFactory(user=user), group=sks, role=Role.MEMBER)
    return user


def plan_with(group, year, n, *, kinds=(InitiativeKind.KNOWLEDGE_SUPPORT,), approve_on=None):
    plan = services.plan_create(group=group, year=year)
    for i in range(n):
        services.initiative_create(plan=plan, title=f"Insats {i} för {group.name}", kind=kinds[i % len(kinds)])
    if approve_on:
        services.plan_submit(plan=plan)
        plan = services.plan_approve(plan=plan, decided_on=approve_on)
    return plan


@pytest.fixture
def npo(db):
    return GroupFactory(kind=GroupKind.NPO, name="Testområde")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


DECIDED = datetime.date(2026, 2, 10)


def make_recommendation(owning_group, title, *, published=False, open_version=False, steering_npo=None):
    """A recommendation written straight to the tables (the NKK workflow is tested in tests/nkk):
    published once if asked, and with a version under work if asked. Example text only."""
    from django.utils import timezone
    from django.utils.text import slugify

    from kunskapsstyrning.organisation.models import HealthcareRegion
    from nkk.choices import ChangeKind, State
    from nkk.models import Recommendation, RecommendationVersion, SubjectArea

    area = SubjectArea.objects.get_or_create(
        slug=f"omrade-{(steering_npo or owning_group).pk}",
        defaults={
            "name": f"Exempelområde {(steering_npo or owning_group).pk}",
            "healthcare_region": HealthcareRegion.objects.order_by("pk").first() or HealthcareRegionFactory(),
            "steering_npo": steering_npo or owning_group,
        },
    )[0]
    rec = Recommendation.objects.create(slug=slugify(title), title=title, subject_area=area, owning_group=owning_group)
    number = 1
    if published:
        version = RecommendationVersion.objects.create(
            recommendation=rec,
            number=number,
            title=title,
            state=State.PUBLISHED,
            change_kind=ChangeKind.NEW,
            published_at=timezone.now(),
        )
        Recommendation.objects.filter(pk=rec.pk).update(current_version=version)
        number += 1
    if open_version:
        RecommendationVersion.objects.create(
            recommendation=rec, number=number, title=title, state=State.DRAFT, change_kind=ChangeKind.REVISED
        )
    rec.refresh_from_db()
    return rec


def make_pathway(name, state="paborjad", *, npo=None):
    from django.utils.text import slugify

    from svf.models import CarePathway

    pathway = CarePathway.objects.create(name=name, slug=slugify(name), state=state, is_demo=True)
    if npo is not None:
        pathway.responsible_npos.add(npo)
    return pathway
