"""Helpers for the activity-plan tests: plans built through the services, people with roles."""

import datetime

import pytest

from kunskapsstyrning.organisation.choices import GroupKind, Role
from plans import services
from plans.choices import InitiativeKind
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory


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
