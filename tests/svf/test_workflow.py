"""The lifecycle table: every transition per role, allowed and forbidden, through the rule set
and the service; the log; what each step does to the versions and the remiss round."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kunskapsstyrning.organisation.models.periods import today
from nkk.consultations.models import ConsultationRound, Recipient
from svf import services
from svf.choices import PathwayState as S
from svf.choices import VersionStatus
from svf.models import PathwayTransition
from svf.workflow import TRANSITIONS

from .conftest import send, walk_to

pytestmark = pytest.mark.django_db

#: Who may take each row: (source state, action) -> the roles of Cast.by_role() allowed.
ALLOWED = {
    (S.STARTED, "send_to_consultation"): {"processledare i NAG"},
    (S.CONSULTATION, "end_consultation"): {"processledare i NAG"},
    (S.REWORK, "send_to_consultation"): {"processledare i NAG"},
    (S.REWORK, "decide"): {"ledamot i SKS"},
    (S.DECIDED, "publish"): {"stödfunktionen"},
    (S.PUBLISHED, "start_revision"): {"processledare i NAG", "ordförande i NAG"},
    (S.REVISING, "send_to_consultation"): {"processledare i NAG"},
    (S.REVISING, "decide"): {"ledamot i SKS"},
}


def test_the_table_is_covered():
    assert {(t.source, t.action) for t in TRANSITIONS} == set(ALLOWED)


@pytest.mark.parametrize(("source", "action"), sorted(ALLOWED))
def test_every_transition_per_role(source, action, pathway, cast):
    pathway = walk_to(pathway, source, cast)
    for role, user in cast.by_role().items():
        allowed = role in ALLOWED[(source, action)]
        assert user.has_perm(f"svf.{action}", pathway) is allowed, role
        if allowed or role == "anonym":
            continue
        with pytest.raises(ValidationError) as refused:
            services.transition(pathway=pathway, action=action, by=user, decided_on=today())
        assert refused.value.code == "forbidden"
    pathway.refresh_from_db()
    assert pathway.state == source
    # The one allowed actor (any of them) moves it, and the move is logged with who and why.
    user = cast.by_role()[sorted(ALLOWED[(source, action)])[0]]
    if action == "send_to_consultation":
        moved = send(pathway, by=user, comment="Demo: klart för remiss.")
    else:
        moved = services.transition(
            pathway=pathway, action=action, by=user, decided_on=today(), comment="Demo: motivering."
        )
    target = next(t.target for t in TRANSITIONS if (t.source, t.action) == (source, action))
    assert moved.state == target
    entry = PathwayTransition.objects.filter(pathway=pathway).latest("at", "pk")
    assert (entry.action, entry.from_state, entry.to_state, entry.by) == (action, source, target, user)
    assert entry.comment.startswith("Demo:")


@pytest.mark.parametrize("state", [s for s in S.values])
def test_actions_outside_the_table_are_refused(state, pathway, cast):
    pathway = walk_to(pathway, state, cast)
    rows = {t.action for t in TRANSITIONS if t.source == state}
    for action in {t.action for t in TRANSITIONS} - rows:
        with pytest.raises(ValidationError) as refused:
            services.transition(pathway=pathway, action=action, by=cast.support, decided_on=today())
        assert refused.value.code == "not_allowed"


def test_remiss_freezes_the_draft_and_opens_a_round_to_the_21_regions(pathway, cast):
    pathway = send(pathway, by=cast.process_leader, organisations=["Demokommunen"])
    version = pathway.versions.get()
    assert version.status == VersionStatus.CONSULTATION
    round_ = ConsultationRound.objects.for_subject(version).get()
    assert round_.owner_group_id == pathway.working_group_id and round_.kind == "remiss"
    assert Recipient.objects.filter(round=round_, region__isnull=False).count() == 21
    assert Recipient.objects.filter(round=round_, organisation_name="Demokommunen").exists()
    assert round_.created_by == cast.process_leader


def test_remiss_needs_content_and_dates(nag, npo, cast):
    from .conftest import make_pathway

    empty = make_pathway(nag, npo, name="Tomt förlopp", content=False)
    with pytest.raises(ValidationError) as refused:
        send(empty, by=cast.process_leader)
    assert "Flödet har inga steg." in refused.value.messages
    pathway = make_pathway(nag, npo, name="Med text")
    with pytest.raises(ValidationError):
        services.transition(pathway=pathway, action="send_to_consultation", by=cast.process_leader)
    assert not ConsultationRound.objects.exists()


def test_the_remiss_ends_only_after_its_last_day(pathway, cast):
    pathway = send(pathway, by=cast.process_leader, closes_on=today() + datetime.timedelta(days=5))
    with pytest.raises(ValidationError, match="Remissen är öppen till och med"):
        services.transition(pathway=pathway, action="end_consultation", by=cast.process_leader)
    later = today() + datetime.timedelta(days=6)
    pathway = services.transition(pathway=pathway, action="end_consultation", by=cast.process_leader, on=later)
    assert pathway.state == S.REWORK
    assert [v.status for v in pathway.versions.order_by("number")] == [VersionStatus.CONSULTATION, VersionStatus.DRAFT]
    v1, v2 = pathway.versions.order_by("number")
    assert [s.title for s in v2.steps.all()] == [s.title for s in v1.steps.all()]


def test_the_sks_decision_needs_a_date_not_in_the_future(pathway, cast):
    pathway = walk_to(pathway, S.REWORK, cast)
    with pytest.raises(ValidationError):
        services.transition(pathway=pathway, action="decide", by=cast.sks_member)
    with pytest.raises(ValidationError):
        services.transition(
            pathway=pathway, action="decide", by=cast.sks_member, decided_on=today() + datetime.timedelta(days=1)
        )
    decided = today() - datetime.timedelta(days=3)
    pathway = services.transition(pathway=pathway, action="decide", by=cast.sks_member, decided_on=decided)
    assert pathway.decided_on == decided
    assert pathway.versions.get(number=2).decided_on == decided
    assert PathwayTransition.objects.get(action="decide").decided_on == decided


def test_publishing_publishes_the_ledger_and_a_revision_keeps_the_approved_version_live(pathway, cast):
    pathway = walk_to(pathway, S.DECIDED, cast)
    pathway = services.transition(pathway=pathway, action="publish", by=cast.support)
    round_ = ConsultationRound.objects.get()
    assert round_.ledger_published_at is not None
    published = services.current_version(pathway)
    assert published.number == 2 and published.published_at is not None
    pathway = services.transition(pathway=pathway, action="start_revision", by=cast.process_leader)
    assert pathway.state == S.REVISING
    assert services.current_version(pathway) == published
    assert services.open_version(pathway).number == 3


def test_an_unanswered_comment_stops_the_publication(pathway, cast, time_machine):
    from nkk.consultations import services as consultations

    time_machine.move_to(datetime.datetime(2026, 3, 16, 10, tzinfo=datetime.UTC), tick=False)
    pathway = send(pathway, by=cast.process_leader, closes_on=today() + datetime.timedelta(days=3))
    recipient = Recipient.objects.filter(region__isnull=False).first()
    consultations.answer_submit(
        recipient=recipient, position="tillstyrker_med_synpunkter", comments=[("Steg A", "Demo: en synpunkt.")]
    )
    time_machine.move_to(datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC), tick=False)
    services.transition(pathway=pathway, action="end_consultation", by=cast.process_leader)
    pathway = services.transition(pathway=pathway, action="decide", by=cast.sks_member, decided_on=today())
    with pytest.raises(ValidationError, match="synpunkter saknar svar"):
        services.transition(pathway=pathway, action="publish", by=cast.support)
    pathway.refresh_from_db()
    assert pathway.state == S.DECIDED
    assert services.current_version(pathway) is None


def test_a_new_name_is_the_pathways_from_publication_and_the_address_stays(pathway, cast):
    slug = pathway.slug
    pathway = walk_to(pathway, S.REWORK, cast)
    services.version_update(version=services.open_version(pathway), title="Hjärtsvikt – nydebuterad (test)")
    pathway = walk_to(pathway, S.PUBLISHED, cast)
    assert (pathway.name, pathway.slug) == ("Hjärtsvikt – nydebuterad (test)", slug)
