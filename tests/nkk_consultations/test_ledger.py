"""The comment–response ledger: responses by the owning group after the round closes, append-
only, and frozen by the database once published."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, ProgrammingError, transaction

from nkk.consultations import selectors, services
from nkk.consultations.choices import Outcome, Position
from nkk.consultations.models import Comment, CommentResponse, ConsultationRound
from tests.clock import NOW, frozen

from .conftest import D, make_round, recipient

pytestmark = [pytest.mark.django_db, frozen]


@pytest.fixture
def answered_round(world):
    """A round that was open 2–13 March 2026 (closed on the frozen date) with two comments from
    Norrbotten and one from Skåne."""
    with time_machine.travel(NOW.replace(day=5), tick=False):
        round_ = make_round(world, opens_on=D(2026, 3, 2), closes_on=D(2026, 3, 13))
        services.answer_submit(
            recipient=recipient(round_, region=world.norrbotten),
            position=Position.SUPPORTS_WITH_COMMENTS,
            comments=[("Behandling", "Demo: A"), ("Uppföljning", "Demo: B")],
            by=world.norrbotten_rep,
        )
        services.answer_submit(
            recipient=recipient(round_, region=world.skane),
            position=Position.OPPOSES,
            text="Demo: skäl.",
            comments=[("Omfattning", "Demo: C")],
            by=world.skane_rep,
        )
    return round_


def test_responses_wait_until_the_round_closes(world, open_round):
    services.answer_submit(
        recipient=recipient(open_round, region=world.norrbotten),
        position=Position.SUPPORTS_WITH_COMMENTS,
        comments=[("", "Demo")],
        by=world.norrbotten_rep,
    )
    with pytest.raises(ValidationError, match="när rundan har stängt"):
        services.response_record(comment=Comment.objects.get(), outcome=Outcome.ACCEPTED, by=world.member)


def test_the_owning_group_responds_and_a_new_response_supersedes(world, answered_round):
    a, b, c = Comment.objects.order_by("answer__recipient__region__name", "order")
    services.response_record(comment=a, outcome=Outcome.ACCEPTED, by=world.member)
    services.response_record(comment=a, outcome=Outcome.PARTLY_ACCEPTED, reason="Demo: delvis.", by=world.leader)
    entries = {comment.text: comment for comment in selectors.ledger(answered_round)}
    assert entries["Demo: A"].current_response.outcome == Outcome.PARTLY_ACCEPTED
    assert len(entries["Demo: A"].response_list) == 2
    assert entries["Demo: C"].current_response is None


@pytest.mark.parametrize("who", ["norrbotten_rep", "outsider", "npo_chair", "staff"])
def test_others_do_not_respond(world, answered_round, who):
    with pytest.raises(PermissionDenied):
        services.response_record(comment=Comment.objects.first(), outcome=Outcome.ACCEPTED, by=getattr(world, who))
    assert not CommentResponse.objects.exists()


def test_not_accepting_needs_a_reason(world, answered_round):
    with pytest.raises(ValidationError) as exc:
        services.response_record(comment=Comment.objects.first(), outcome=Outcome.NOT_ACCEPTED, by=world.member)
    assert exc.value.message_dict == {"reason": ["Motivera varför synpunkten inte godtas i sin helhet."]}
    assert not CommentResponse.objects.exists()


def test_responses_are_append_only_in_the_database(world, answered_round):
    response = services.response_record(comment=Comment.objects.first(), outcome=Outcome.ACCEPTED, by=world.member)
    with pytest.raises(ProgrammingError), transaction.atomic():
        CommentResponse.objects.filter(pk=response.pk).update(reason="ändrad")


def test_publishing_needs_every_comment_answered_then_freezes_the_ledger(world, answered_round):
    comments = list(Comment.objects.all())
    services.response_record(comment=comments[0], outcome=Outcome.ACCEPTED, by=world.member)
    with pytest.raises(ValidationError, match="2 synpunkter saknar svar"):
        services.ledger_publish(round=answered_round, by=world.leader)
    for comment in comments[1:]:
        services.response_record(comment=comment, outcome=Outcome.NOT_ACCEPTED, reason="Demo: nej.", by=world.member)
    with pytest.raises(PermissionDenied):
        services.ledger_publish(round=answered_round, by=world.member)
    services.ledger_publish(round=answered_round, by=world.leader)
    answered_round.refresh_from_db()
    assert answered_round.ledger_published

    # Frozen: the services refuse, and so does the database whatever writes.
    with pytest.raises(ValidationError, match="publicerad"):
        services.response_record(comment=comments[0], outcome=Outcome.NOT_ACCEPTED, reason="x", by=world.leader)
    with pytest.raises(ValidationError, match="publicerad"):
        services.ledger_publish(round=answered_round, by=world.staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentResponse.objects.create(comment=comments[0], outcome=Outcome.ACCEPTED)
    with pytest.raises(ProgrammingError), transaction.atomic():
        ConsultationRound.objects.filter(pk=answered_round.pk).update(ledger_published_at=None)
    with pytest.raises(ValidationError, match="publicerad"):
        services.recipient_accept_late(
            recipient=recipient(answered_round, region=world.norrbotten), until=D(2026, 4, 1), by=world.staff
        )
    assert CommentResponse.objects.count() == 3


def test_comments_already_responded_to_cannot_be_rewritten_by_a_late_answer(world, answered_round):
    norrbotten = recipient(answered_round, region=world.norrbotten)
    services.response_record(
        comment=Comment.objects.filter(answer__recipient=norrbotten).first(), outcome="godtagen", by=world.member
    )
    services.recipient_accept_late(recipient=norrbotten, until=D(2026, 3, 20), by=world.staff)
    with pytest.raises(ValidationError, match="börjat besvaras"):
        services.answer_submit(
            recipient=norrbotten,
            position=Position.SUPPORTS_WITH_COMMENTS,
            comments=[("", "Demo: ny")],
            by=world.norrbotten_rep,
        )
    assert Comment.objects.filter(answer__recipient=norrbotten).count() == 2
