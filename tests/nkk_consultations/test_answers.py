"""Answers: only the addressed recipient's representative, only while the round is open (or
late, as support staff accept); attachments checked for type and size with nothing written."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nkk.consultations import attachments, services
from nkk.consultations.choices import Position
from nkk.consultations.models import Answer, Comment, Recipient
from tests.clock import frozen

from .conftest import D, make_round, recipient

pytestmark = [pytest.mark.django_db, frozen]


def pdf(name="svar.pdf", size=None):
    body = b"%PDF-1.4\n% demo\n"
    if size:
        body += b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def zipped(name, entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def docx(name="svar.docx"):
    return zipped(name, {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def odt(name="svar.odt"):
    return zipped(name, {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})


def test_the_round_goes_to_the_21_regions_by_default_and_to_groups_and_organisations(world, open_round):
    assert open_round.recipients.filter(region__isnull=False).count() == 21
    assert open_round.recipients.filter(group=world.npo).exists()
    assert open_round.recipients.filter(organisation_name="Testkommun").exists()


def test_the_regions_representative_answers_with_comments(world, open_round):
    norrbotten = recipient(open_round, region=world.norrbotten)
    answer = services.answer_submit(
        recipient=norrbotten,
        position=Position.SUPPORTS_WITH_COMMENTS,
        text="Demo: vi tillstyrker.",
        comments=[("Behandling", "Demo: förtydliga stegen."), ("Uppföljning", "Demo: ange målnivå.")],
        by=world.norrbotten_rep,
    )
    assert answer.position == Position.SUPPORTS_WITH_COMMENTS
    assert not answer.is_late
    assert list(answer.comments.values_list("section", flat=True)) == ["Behandling", "Uppföljning"]
    # Changing the answer while open replaces its comments.
    services.answer_submit(
        recipient=norrbotten, position=Position.SUPPORTS, comments=[("", "Demo: en enda.")], by=world.norrbotten_rep
    )
    assert Comment.objects.filter(answer__recipient=norrbotten).count() == 1


@pytest.mark.parametrize("who", ["skane_rep", "member", "leader", "staff", "outsider", "npo_member"])
def test_no_one_else_answers_for_a_region(world, open_round, who):
    norrbotten = recipient(open_round, region=world.norrbotten)
    with pytest.raises(PermissionDenied):
        services.answer_submit(recipient=norrbotten, position=Position.SUPPORTS, by=getattr(world, who))
    assert not Answer.objects.exists()


def test_a_group_recipient_is_answered_by_its_chair_and_not_its_members(world, open_round):
    npo = recipient(open_round, group=world.npo)
    with pytest.raises(PermissionDenied):
        services.answer_submit(recipient=npo, position=Position.SUPPORTS, by=world.npo_member)
    services.answer_submit(recipient=npo, position=Position.SUPPORTS, by=world.npo_chair)
    assert Answer.objects.filter(recipient=npo).exists()


def test_a_named_organisation_is_answered_by_its_designated_contact(world, open_round):
    kommun = recipient(open_round, organisation_name="Testkommun")
    with pytest.raises(PermissionDenied):
        services.answer_submit(recipient=kommun, position=Position.SUPPORTS, by=world.outsider)
    services.recipient_set_contacts(recipient=kommun, contacts=[world.outsider.person], by=world.staff)
    services.answer_submit(recipient=kommun, position=Position.SUPPORTS, by=world.outsider)
    assert Answer.objects.filter(recipient=kommun).exists()


def test_no_answer_before_the_round_opens_nor_after_it_closes(world):
    planned = make_round(world, opens_on=D(2026, 4, 15), closes_on=D(2026, 6, 12))
    closed = make_round(world, opens_on=D(2026, 2, 2), closes_on=D(2026, 3, 13))
    with pytest.raises(ValidationError, match="öppnar 2026-04-15"):
        services.answer_submit(
            recipient=recipient(planned, region=world.norrbotten), position=Position.SUPPORTS, by=world.norrbotten_rep
        )
    with pytest.raises(ValidationError, match="stängde 2026-03-13"):
        services.answer_submit(
            recipient=recipient(closed, region=world.norrbotten), position=Position.SUPPORTS, by=world.norrbotten_rep
        )
    assert not Answer.objects.exists()


def test_a_late_answer_accepted_by_support_staff_is_marked_late(world):
    closed = make_round(world, opens_on=D(2026, 2, 2), closes_on=D(2026, 3, 13))
    norrbotten = recipient(closed, region=world.norrbotten)
    with pytest.raises(PermissionDenied):
        services.recipient_accept_late(recipient=norrbotten, until=D(2026, 3, 20), by=world.leader)
    services.recipient_accept_late(recipient=norrbotten, until=D(2026, 3, 20), by=world.staff)
    answer = services.answer_submit(recipient=norrbotten, position=Position.SUPPORTS, by=world.norrbotten_rep)
    assert answer.is_late
    # Only that recipient: Skåne is still refused.
    with pytest.raises(ValidationError, match="stängde"):
        services.answer_submit(
            recipient=recipient(closed, region=world.skane), position=Position.SUPPORTS, by=world.skane_rep
        )


def test_opposing_needs_a_reason(world, open_round):
    with pytest.raises(ValidationError) as exc:
        services.answer_submit(
            recipient=recipient(open_round, region=world.norrbotten), position=Position.OPPOSES, by=world.norrbotten_rep
        )
    assert exc.value.message_dict == {"text": ["Motivera varför ni avstyrker."]}


@pytest.mark.parametrize("make", [pdf, docx, odt])
def test_pdf_docx_and_odt_are_accepted(world, open_round, make, attachments_dir):
    upload = make()
    answer = services.answer_submit(
        recipient=recipient(open_round, region=world.norrbotten),
        position=Position.SUPPORTS,
        attachment=upload,
        by=world.norrbotten_rep,
    )
    assert answer.attachment_name == upload.name
    assert (attachments_dir / answer.attachment.name).exists()


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: SimpleUploadedFile("svar.exe", b"MZ\x90\x00"), "PDF-, DOCX- eller ODT-fil"),
        (lambda: SimpleUploadedFile("svar.pdf", b"MZ\x90\x00 inte en pdf"), "PDF-, DOCX- eller ODT-fil"),
        (lambda: zipped("svar.docx", {"xl/workbook.xml": "<x/>"}), "PDF-, DOCX- eller ODT-fil"),
        (lambda: docx("svar.odt"), "PDF-, DOCX- eller ODT-fil"),
        (lambda: pdf(size=attachments.MAX_BYTES + 1), "för stor"),
    ],
    ids=["exe", "renamed-pdf", "xlsx-as-docx", "docx-as-odt", "too-large"],
)
def test_a_wrong_or_too_large_attachment_is_refused_in_swedish_and_nothing_is_written(
    world, open_round, upload, message, attachments_dir
):
    with pytest.raises(ValidationError) as exc:
        services.answer_submit(
            recipient=recipient(open_round, region=world.norrbotten),
            position=Position.SUPPORTS_WITH_COMMENTS,
            comments=[("Behandling", "Demo")],
            attachment=upload(),
            by=world.norrbotten_rep,
        )
    assert message in exc.value.message_dict["attachment"][0]
    assert not Answer.objects.exists()
    assert not Comment.objects.exists()
    assert not attachments_dir.exists() or not any(attachments_dir.rglob("*.*"))


def test_recipients_are_unique_per_round(world, open_round):
    with pytest.raises(ValidationError, match="redan mottagare"):
        services.recipient_add(round=open_round, region=world.norrbotten, by=world.staff)
    assert Recipient.objects.filter(round=open_round, region=world.norrbotten).count() == 1


def test_round_dates_must_fit_the_window(world):
    window = services.window_for_key("remiss-2026-1")
    with pytest.raises(ValidationError, match="inom fönstret"):
        make_round(world, window=window, opens_on=D(2026, 2, 16), closes_on=D(2026, 5, 1))
    round_ = services.round_create(kind="remiss", subject=world.subject, owner_group=world.owner, window=window)
    assert (round_.opens_on, round_.closes_on) == (datetime.date(2026, 2, 16), datetime.date(2026, 4, 14))
    with pytest.raises(ValidationError, match="Fönstret gäller"):
        services.round_create(kind="synpunktsinhamtning", subject=world.subject, owner_group=world.owner, window=window)


def test_a_new_attachment_replaces_the_old_file_once_committed(
    world, open_round, attachments_dir, django_capture_on_commit_callbacks
):
    norrbotten = recipient(open_round, region=world.norrbotten)
    first = services.answer_submit(
        recipient=norrbotten, position=Position.SUPPORTS, attachment=pdf("forsta.pdf"), by=world.norrbotten_rep
    )
    old_path = attachments_dir / first.attachment.name
    with django_capture_on_commit_callbacks(execute=True):
        second = services.answer_submit(
            recipient=norrbotten, position=Position.SUPPORTS, attachment=docx("andra.docx"), by=world.norrbotten_rep
        )
    assert second.attachment_name == "andra.docx"
    assert (attachments_dir / second.attachment.name).exists()
    assert not old_path.exists()
