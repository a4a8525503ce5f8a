"""Every allowed and forbidden transition per role, from the one table; the log; the rules."""

import pytest
from django.core.exceptions import ValidationError

from nkk import services
from nkk.choices import State
from nkk.models import TransitionRecord
from nkk.workflow import TRANSITIONS, VERSION_ACTIONS, Actor

from .conftest import walk_to

pytestmark = pytest.mark.django_db

ROLES = [
    "ledamot i arbetsgruppen",
    "processledare i arbetsgruppen",
    "NPO:s ordförande",
    "ledamot i NPO",
    "stödfunktionen",
    "utomstående",
    "anonym",
]
#: Who each actor kind is, among the cast.
ALLOWED = {
    Actor.OWNER_LEADER: {"processledare i arbetsgruppen"},
    Actor.NPO_CHAIR: {"NPO:s ordförande"},
    Actor.SUPPORT: {"stödfunktionen"},
}
VERSION_ROWS = [t for t in TRANSITIONS if t.action in VERSION_ACTIONS and t.action != "publish"]


@pytest.mark.parametrize("row", VERSION_ROWS, ids=lambda t: f"{t.source}-{t.action}")
@pytest.mark.parametrize("role", ROLES)
def test_each_transition_is_allowed_exactly_for_its_actor(row, role, cast, recommendation, publishing_date):
    version = walk_to(recommendation.versions.get(), row.source, cast, publishing_date)
    user = cast.by_role()[role]
    allowed = role in ALLOWED[row.actor]
    assert user.has_perm(row.permission, version) is allowed
    before = TransitionRecord.objects.count()
    call = dict(
        version=version,
        action=row.action,
        by=user,
        comment="Kommentar i testet.",
        second_round_kind="synpunktsinhamtning",
        publishing_date=publishing_date,
    )
    if allowed:
        moved = services.transition(**call)
        assert moved.state == row.target
        record = TransitionRecord.objects.latest("pk")
        assert (record.from_state, record.to_state, record.by, record.action) == (
            row.source,
            row.target,
            user,
            row.action,
        )
    else:
        with pytest.raises(ValidationError):
            services.transition(**call)
        version.refresh_from_db()
        assert version.state == row.source
        assert TransitionRecord.objects.count() == before


@pytest.mark.parametrize("state", [s for s in State.values if s not in (State.WITHDRAWN, State.MERGED)])
def test_actions_outside_the_table_are_refused_even_for_superusers(state, cast, recommendation, publishing_date):
    from tests.factories import UserFactory

    admin = UserFactory(username="superuser", is_superuser=True)
    if state == State.PUBLISHED:
        return  # a published version has no version actions: covered by test_immutability
    version = walk_to(recommendation.versions.get(), state, cast, publishing_date)
    allowed_here = {t.action for t in TRANSITIONS if t.source == state}
    for action in sorted(VERSION_ACTIONS - allowed_here):
        with pytest.raises(ValidationError):
            services.transition(version=version, action=action, by=admin, second_round_kind="remiss")


def test_sending_back_needs_a_comment(cast, recommendation):
    version = walk_to(recommendation.versions.get(), State.NPO_APPROVAL, cast)
    with pytest.raises(ValidationError) as exc:
        services.transition(version=version, action="send_back", by=cast.npo_chair, comment="  ")
    assert "kommentar" in str(exc.value)
    services.transition(version=version, action="send_back", by=cast.npo_chair, comment="Förtydliga utredningen.")
    record = TransitionRecord.objects.latest("pk")
    assert record.comment == "Förtydliga utredningen." and record.to_state == State.DRAFT


def test_the_second_round_needs_its_kind(cast, recommendation):
    version = walk_to(recommendation.versions.get(), State.NPO_APPROVAL_2, cast)
    with pytest.raises(ValidationError):
        services.transition(version=version, action="approve_round_2", by=cast.npo_chair)
    version = services.transition(
        version=version, action="approve_round_2", by=cast.npo_chair, second_round_kind="synpunktsinhamtning"
    )
    assert version.second_round_kind == "synpunktsinhamtning"


def test_only_the_owning_groups_members_edit_drafts(cast, recommendation):
    version = recommendation.versions.get()
    for role, user in cast.by_role().items():
        allowed = role in ("ledamot i arbetsgruppen", "processledare i arbetsgruppen")
        assert user.has_perm("nkk.edit_draft", version) is allowed, role
    services.version_update(version=version, by=cast.owner_member, title="Förstoppning hos barn och unga")
    with pytest.raises(ValidationError):
        services.version_update(version=version, by=cast.support, title="Annat")
    version = walk_to(version, State.NPO_APPROVAL, cast)
    assert not cast.owner_member.has_perm("nkk.edit_draft", version)
    with pytest.raises(ValidationError):
        services.version_update(version=version, by=cast.owner_member, title="Sent")


def test_a_draft_without_text_cannot_be_sent(cast, area, nag):
    rec = services.recommendation_create(subject_area=area, owning_group=nag, title="Tomt utkast")
    with pytest.raises(ValidationError) as exc:
        services.transition(version=rec.versions.get(), action="submit", by=cast.owner_leader)
    assert "ingen text" in str(exc.value)


def test_the_database_refuses_a_jump_outside_the_table(recommendation):
    from django.db import IntegrityError, transaction

    version = recommendation.versions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(version).objects.filter(pk=version.pk).update(state=State.APPROVED)
