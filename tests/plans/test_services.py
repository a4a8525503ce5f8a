"""The plan's life: draft, submission, SKS approval that freezes it, revisions that keep it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from kunskapsstyrning.organisation.choices import GroupKind
from plans import services
from plans.choices import InitiativeKind, InitiativeStatus, PlanState
from plans.models import Initiative, PlanYear
from plans.permissions import APPROVE_PLAN, EDIT_PLAN
from tests.clock import frozen
from tests.factories import GroupFactory, UserFactory, make_support_staff

from .conftest import DECIDED, plan_with, process_leader_of, sks_member

pytestmark = [pytest.mark.django_db, frozen]


def test_the_process_leader_plans_and_sks_approves(npo):
    leader, sks = process_leader_of(npo), sks_member()
    plan = services.plan_create(group=npo, year=2026, by=leader)
    services.initiative_create(plan=plan, title="Barnfetma", kind=InitiativeKind.KNOWLEDGE_SUPPORT, by=leader)
    services.plan_submit(plan=plan, by=leader)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, decided_on=DECIDED, by=leader)
    plan = services.plan_approve(plan=plan, decided_on=DECIDED, decision_reference="SKS 2026:3", by=sks)
    assert (plan.state, plan.decided_on, plan.approved_by) == (PlanState.APPROVED, DECIDED, sks)


def test_approval_freezes_the_plan_in_the_services(npo):
    plan = plan_with(npo, 2026, 2, approve_on=DECIDED)
    initiative = plan.initiatives.first()
    with pytest.raises(ValidationError, match="godkänd"):
        services.initiative_create(plan=plan, title="Ny", kind=InitiativeKind.OTHER)
    with pytest.raises(ValidationError, match="godkänd"):
        services.initiative_update(initiative=initiative, title="Ändrad")
    with pytest.raises(ValidationError, match="godkänd"):
        services.initiative_delete(initiative=initiative)
    with pytest.raises(ValidationError):
        services.plan_return(plan=plan)
    assert list(plan.initiatives.values_list("title", flat=True)) == [
        "Insats 0 för Testområde",
        "Insats 1 för Testområde",
    ]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE plans_planyear SET change_note = 'x' WHERE id = %(plan)s",
        "DELETE FROM plans_planyear WHERE id = %(plan)s",
        "UPDATE plans_initiative SET title = 'x' WHERE id = %(initiative)s",
        "DELETE FROM plans_initiative WHERE id = %(initiative)s",
        "INSERT INTO plans_initiative (plan_id, position, title, description, kind, status, created_at, updated_at)"
        " VALUES (%(plan)s, 9, 'x', '', 'annat', 'planerad', now(), now())",
        "INSERT INTO plans_initiative_cooperating_groups (initiative_id, group_id) VALUES (%(initiative)s, %(group)s)",
    ],
)
def test_approval_freezes_the_plan_in_the_database(npo, sql):
    plan = plan_with(npo, 2026, 1, approve_on=DECIDED)
    ids = {"plan": plan.pk, "initiative": plan.initiatives.get().pk, "group": GroupFactory(kind=GroupKind.NSG).pk}
    with pytest.raises(IntegrityError, match="godkänd verksamhetsplan är låst"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)


def test_the_orm_cannot_change_an_approved_plan_either(npo):
    plan = plan_with(npo, 2026, 1, approve_on=DECIDED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(plan=plan).update(status=InitiativeStatus.DONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanYear.objects.filter(pk=plan.pk).update(state=PlanState.DRAFT)


def test_a_revision_keeps_the_approved_plan(npo):
    leader = process_leader_of(npo)
    approved = plan_with(npo, 2026, 2, approve_on=DECIDED)
    coop = GroupFactory(kind=GroupKind.NSG)
    revision = services.plan_revise(plan=approved, by=leader, change_note="Halvårsavstämning")
    copied = list(revision.initiatives.order_by("position"))
    assert [i.continues_id for i in copied] == list(
        approved.initiatives.order_by("position").values_list("pk", flat=True)
    )
    services.initiative_update(initiative=copied[0], title="Ny rubrik", cooperating_groups=[coop], by=leader)
    services.initiative_delete(initiative=copied[1], by=leader)
    services.initiative_create(plan=revision, title="Tillkommen", kind=InitiativeKind.FOLLOW_UP, by=leader)

    approved.refresh_from_db()
    assert approved.state == PlanState.APPROVED and approved.decided_on == DECIDED
    assert list(approved.initiatives.order_by("position").values_list("title", flat=True)) == [
        "Insats 0 för Testområde",
        "Insats 1 för Testområde",
    ]
    assert (revision.revision, revision.revises, revision.state) == (2, approved, PlanState.DRAFT)
    # Until the revision is approved, the approved plan is the one in force.
    from plans.selectors import initiatives_in_force

    assert set(initiatives_in_force().values_list("plan_id", flat=True)) == {approved.pk}
    services.plan_submit(plan=revision, by=leader)
    services.plan_approve(plan=revision, decided_on=DECIDED, by=make_support_staff())
    assert set(initiatives_in_force().values_list("title", flat=True)) == {"Ny rubrik", "Tillkommen"}
    assert PlanYear.objects.filter(group=npo, year=2026, state=PlanState.APPROVED).count() == 2


def test_one_open_revision_at_a_time(npo):
    approved = plan_with(npo, 2026, 1, approve_on=DECIDED)
    services.plan_revise(plan=approved)
    with pytest.raises(ValidationError, match="redan en revision"):
        services.plan_revise(plan=approved)
    with pytest.raises(ValidationError, match="redan en plan"):
        services.plan_create(group=npo, year=2026)


def test_refusals_are_in_swedish_and_write_nothing(npo):
    plan = services.plan_create(group=npo, year=2026)
    with pytest.raises(ValidationError, match="inga insatser"):
        services.plan_submit(plan=plan)
    with pytest.raises(ValidationError):
        services.initiative_create(plan=plan, title="", kind=InitiativeKind.OTHER)
    with pytest.raises(ValidationError, match="samverka med sig själv"):
        services.initiative_create(plan=plan, title="x", kind=InitiativeKind.OTHER, cooperating_groups=[npo])
    services.initiative_create(plan=plan, title="x", kind=InitiativeKind.OTHER)
    services.plan_submit(plan=plan)
    with pytest.raises(ValidationError, match="framtiden"):
        services.plan_approve(plan=plan, decided_on=DECIDED.replace(year=2027))
    assert Initiative.objects.filter(plan=plan).count() == 1
    assert PlanYear.objects.get(pk=plan.pk).state == PlanState.SUBMITTED
    with pytest.raises(ValidationError, match="NPO, NSG"):
        services.plan_create(group=GroupFactory(kind=GroupKind.NAG), year=2026)


def test_who_may_edit_and_approve(npo):
    leader, sks, staff, other = process_leader_of(npo), sks_member(), make_support_staff(), UserFactory()
    plan = services.plan_create(group=npo, year=2026)
    assert leader.has_perm(EDIT_PLAN, npo) and leader.has_perm(EDIT_PLAN, plan)
    assert staff.has_perm(EDIT_PLAN, plan)
    assert not sks.has_perm(EDIT_PLAN, plan) and not other.has_perm(EDIT_PLAN, plan)
    assert not process_leader_of(GroupFactory()).has_perm(EDIT_PLAN, plan)
    assert sks.has_perm(APPROVE_PLAN, plan) and staff.has_perm(APPROVE_PLAN, plan)
    assert not leader.has_perm(APPROVE_PLAN, plan) and not other.has_perm(APPROVE_PLAN, plan)
    with pytest.raises(PermissionDenied):
        services.initiative_create(plan=plan, title="x", kind=InitiativeKind.OTHER, by=other)
