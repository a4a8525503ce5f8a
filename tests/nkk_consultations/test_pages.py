"""The pages: who sees what (a permission table per role), the answer form end to end, the
ledger, the windows page, and query counts that stay the same as the data grows."""

import io

import pytest
import time_machine
from django.urls import reverse

from kunskapsstyrning.organisation.models import Region
from nkk.consultations import services
from nkk.consultations.choices import Outcome, Position
from nkk.consultations.models import Answer, Comment, CommentResponse
from nkk.consultations.permissions import (
    ACCEPT_LATE,
    ANSWER,
    MANAGE_ROUND,
    PUBLISH_LEDGER,
    RESPOND,
    VIEW_LEDGER,
    VIEW_ROUND,
    VIEW_WINDOWS,
)
from tests.clock import NOW, frozen

from .conftest import D, make_round, recipient

pytestmark = [pytest.mark.django_db, frozen]

ROLES = ["staff", "leader", "member", "norrbotten_rep", "skane_rep", "npo_chair", "outsider"]


# role -> (VIEW_ROUND, MANAGE_ROUND, RESPOND, PUBLISH_LEDGER, VIEW_LEDGER, ACCEPT_LATE, VIEW_WINDOWS,
#          ANSWER for Norrbotten while open)
TABLE = {
    "staff": (True, True, False, True, True, True, True, False),
    "leader": (True, True, True, True, True, False, False, False),
    "member": (True, False, True, False, True, False, False, False),
    "norrbotten_rep": (False, False, False, False, False, False, False, True),
    "skane_rep": (False, False, False, False, False, False, False, False),
    "npo_chair": (False, False, False, False, False, False, False, False),
    "outsider": (False, False, False, False, False, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_table(world, open_round, role):
    user = getattr(world, role)
    norrbotten = recipient(open_round, region=world.norrbotten)
    got = (
        user.has_perm(VIEW_ROUND, open_round),
        user.has_perm(MANAGE_ROUND, open_round),
        user.has_perm(RESPOND, open_round),
        user.has_perm(PUBLISH_LEDGER, open_round),
        user.has_perm(VIEW_LEDGER, open_round),
        user.has_perm(ACCEPT_LATE, norrbotten),
        user.has_perm(VIEW_WINDOWS),
        user.has_perm(ANSWER, norrbotten),
    )
    assert got == TABLE[role]


@pytest.mark.parametrize("role", ROLES)
def test_round_page_and_matrix_per_role(client, world, open_round, role):
    client.force_login(getattr(world, role))
    response = client.get(reverse("consultations:round", args=[open_round.pk]))
    assert response.status_code == (200 if TABLE[role][0] else 403)


def test_anonymous_visitors_are_sent_to_log_in(client, open_round):
    response = client.get(reverse("consultations:round", args=[open_round.pk]))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_a_published_ledger_is_read_by_every_logged_in_user(client, world):
    with time_machine.travel(NOW.replace(day=5), tick=False):
        round_ = make_round(world, opens_on=D(2026, 3, 2), closes_on=D(2026, 3, 13))
    services.ledger_publish(round=round_, by=world.leader)
    client.force_login(world.outsider)
    assert client.get(reverse("consultations:ledger", args=[round_.pk])).status_code == 200
    assert client.get(reverse("consultations:round", args=[round_.pk])).status_code == 403


def test_the_representative_answers_on_the_page_and_the_matrix_shows_it(client, world, open_round):
    norrbotten = recipient(open_round, region=world.norrbotten)
    url = reverse("consultations:answer", args=[open_round.pk, norrbotten.pk])
    client.force_login(world.skane_rep)
    assert client.get(url).status_code == 403
    assert client.post(url, {"position": Position.SUPPORTS}).status_code == 403
    client.force_login(world.norrbotten_rep)
    page = client.get(url)
    assert page.status_code == 200 and "Skicka svaret" in page.text
    upload = io.BytesIO(b"%PDF-1.4 demo")
    upload.name = "norrbotten.pdf"
    response = client.post(
        url,
        {
            "position": Position.SUPPORTS_WITH_COMMENTS,
            "text": "Demo: svar.",
            "section_0": "Behandling",
            "comment_0": "Demo: synpunkt.",
            "attachment": upload,
        },
    )
    assert response.status_code == 302
    answer = Answer.objects.get(recipient=norrbotten)
    assert answer.attachment_name == "norrbotten.pdf"
    assert list(answer.comments.values_list("section", "text")) == [("Behandling", "Demo: synpunkt.")]

    client.force_login(world.member)
    matrix = client.get(reverse("consultations:round", args=[open_round.pk])).text
    assert "Tillstyrker med synpunkter" in matrix
    assert "1 av 23 mottagare har svarat." in matrix
    download = client.get(reverse("consultations:attachment", args=[answer.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(world.outsider)
    assert client.get(reverse("consultations:attachment", args=[answer.pk])).status_code == 403


def test_a_refused_attachment_shows_a_swedish_error_on_the_field(client, world, open_round):
    norrbotten = recipient(open_round, region=world.norrbotten)
    client.force_login(world.norrbotten_rep)
    upload = io.BytesIO(b"MZ not a document")
    upload.name = "program.exe"
    response = client.post(
        reverse("consultations:answer", args=[open_round.pk, norrbotten.pk]),
        {"position": Position.SUPPORTS, "attachment": upload},
    )
    assert response.status_code == 200
    assert "PDF-, DOCX- eller ODT-fil" in response.text
    assert not Answer.objects.exists()


def test_the_owning_group_responds_on_the_ledger_page_and_publishes(client, world):
    with time_machine.travel(NOW.replace(day=5), tick=False):
        round_ = make_round(world, opens_on=D(2026, 3, 2), closes_on=D(2026, 3, 13))
        services.answer_submit(
            recipient=recipient(round_, region=world.norrbotten),
            position=Position.SUPPORTS_WITH_COMMENTS,
            comments=[("Behandling", "Demo: synpunkt.")],
            by=world.norrbotten_rep,
        )
    comment = Comment.objects.get()
    url = reverse("consultations:ledger", args=[round_.pk])
    client.force_login(world.member)
    refused = client.post(url, {"comment": comment.pk, f"s{comment.pk}-outcome": Outcome.NOT_ACCEPTED})
    assert "Motivera varför synpunkten inte godtas" in refused.text
    assert not CommentResponse.objects.exists()
    client.post(
        url,
        {
            "comment": comment.pk,
            f"s{comment.pk}-outcome": Outcome.PARTLY_ACCEPTED,
            f"s{comment.pk}-reason": "Demo: delvis.",
        },
    )
    assert CommentResponse.objects.get().outcome == Outcome.PARTLY_ACCEPTED
    publish = reverse("consultations:ledger_publish", args=[round_.pk])
    assert client.post(publish, {"confirm": "on"}).status_code == 403  # a member does not publish
    client.force_login(world.leader)
    assert client.post(publish, {}).status_code == 200  # not confirmed: asked again
    assert client.post(publish, {"confirm": "on"}).status_code == 302
    round_.refresh_from_db()
    assert round_.ledger_published
    client.force_login(world.member)
    assert client.post(url, {"comment": comment.pk, f"s{comment.pk}-outcome": Outcome.ACCEPTED}).status_code == 403


def test_support_staff_accept_a_late_answer_on_the_page(client, world):
    with time_machine.travel(NOW.replace(day=5), tick=False):
        round_ = make_round(world, opens_on=D(2026, 3, 2), closes_on=D(2026, 3, 13))
    norrbotten = recipient(round_, region=world.norrbotten)
    url = reverse("consultations:late_answer", args=[round_.pk, norrbotten.pk])
    client.force_login(world.leader)
    assert client.get(url).status_code == 403
    client.force_login(world.staff)
    assert client.post(url, {"late_until": "2026-03-20"}).status_code == 302
    norrbotten.refresh_from_db()
    assert norrbotten.late_until == D(2026, 3, 20)
    client.force_login(world.norrbotten_rep)
    to_answer = client.get(reverse("consultations:to_answer")).text
    assert "sent svar t.o.m. 2026-03-20" in to_answer


def _answers(world, round_, count):
    for region in Region.objects.order_by("name")[:count]:
        r = recipient(round_, region=region)
        services.recipient_set_contacts(recipient=r, contacts=[world.norrbotten_rep.person])
        services.answer_submit(
            recipient=r, position=Position.SUPPORTS_WITH_COMMENTS, comments=[("A", "Demo"), ("B", "Demo")]
        )


@pytest.mark.parametrize("answers", [2, 20])
def test_the_matrix_page_has_a_constant_number_of_queries(client, world, django_assert_num_queries, answers):
    round_ = make_round(world, groups=[world.npo], organisations=[f"Kommun {i}" for i in range(answers)])
    _answers(world, round_, answers)
    client.force_login(world.member)
    url = reverse("consultations:round", args=[round_.pk])
    client.get(url)
    with django_assert_num_queries(11):  # + the header's unread-notice count
        response = client.get(url)
    assert response.text.count("Tillstyrker med synpunkter</td>") == answers


@pytest.mark.parametrize("answers", [2, 20])
def test_the_ledger_page_has_a_constant_number_of_queries(client, world, django_assert_num_queries, answers):
    with time_machine.travel(NOW.replace(day=5), tick=False):
        round_ = make_round(world, opens_on=D(2026, 3, 2), closes_on=D(2026, 3, 13))
        _answers(world, round_, answers)
    client.force_login(world.member)
    url = reverse("consultations:ledger", args=[round_.pk])
    client.get(url)
    with django_assert_num_queries(11):  # + the header's unread-notice count
        response = client.get(url)
    assert response.text.count('name="comment"') == 2 * answers


@pytest.mark.parametrize("rounds", [2, 20])
def test_the_windows_page_lists_queued_rounds_in_constant_queries(client, world, django_assert_num_queries, rounds):
    window = services.window_for_key("remiss-2026-2")  # 15 April – 12 June 2026
    for _ in range(rounds):
        services.round_create(
            kind="remiss",
            subject=world.subject,
            owner_group=world.owner,
            window=window,
            regions=Region.objects.all()[:3],
        )
    client.force_login(world.staff)
    url = reverse("consultations:windows")
    client.get(url)
    with django_assert_num_queries(10):  # + the header's unread-notice count
        response = client.get(url)
    assert response.text.count("0 av 3") == rounds
    assert "2026-04-15" in response.text and "2026-06-12" in response.text
    client.force_login(world.leader)
    assert client.get(url).status_code == 403
