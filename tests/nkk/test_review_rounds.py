"""The workflow's review states open rounds in the consultation engine: a version entering
granskningsrunda 1 or 2 is queued for the next window of the right kind, shown on the editorial
page and on support staff's windows page; sent back before its window opens, its round goes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nkk import services
from nkk.choices import State
from nkk.consultations.choices import ConsultationKind
from nkk.consultations.models import ConsultationRound, Recipient, ReviewWindow
from nkk.consultations.registry import consultation_subjects, subject_title, subject_url
from nkk.models import RecommendationVersion
from tests.clock import TODAY, frozen

from .conftest import make_recommendation, walk_to

pytestmark = [pytest.mark.django_db, frozen]

D = datetime.date


def _rounds(version):
    return list(ConsultationRound.objects.for_subject(version).order_by("opens_on"))


def test_round_1_is_queued_for_the_next_synpunktsinhamtning_window(cast, recommendation):
    assert TODAY == D(2026, 3, 16)  # window 2 (1–29 March) is open: the next is 1–29 April
    version = walk_to(recommendation.versions.get(), State.REVIEW_1, cast)
    (round_,) = _rounds(version)
    assert round_.kind == ConsultationKind.SYNPUNKTSINHAMTNING
    assert (round_.opens_on, round_.closes_on) == (D(2026, 4, 1), D(2026, 4, 29))
    assert round_.window.key == "synpunktsinhamtning-2026-3"
    assert round_.owner_group == recommendation.owning_group
    assert round_.subject == version
    assert Recipient.objects.filter(round=round_, region__isnull=False).count() == 21  # the engine's default
    assert round_.status == "planerad"


def test_round_2_takes_the_kind_the_npo_chose_and_a_window_moved_off_the_weekend(cast, recommendation):
    version = walk_to(recommendation.versions.get(), State.REVIEW_2, cast)  # walk_to chooses remiss
    # Round 1 ended before its window opened: its round was taken back (nobody had been asked).
    (remiss,) = _rounds(version)
    assert remiss.kind == ConsultationKind.REMISS
    # Remiss window 2: 15 April – 14 June; 14 June 2026 is a Sunday, so it closes Friday 12 June.
    assert (remiss.opens_on, remiss.closes_on) == (D(2026, 4, 15), D(2026, 6, 12))
    assert ReviewWindow.objects.get(pk=remiss.window_id).key == "remiss-2026-2"
    assert "Granskningsrunda 2" in remiss.description


def test_synpunktsinhamtning_as_round_2(cast, recommendation):
    version = walk_to(recommendation.versions.get(), State.NPO_APPROVAL_2, cast)
    assert _rounds(version) == []
    version = services.transition(
        version=version, action="approve_round_2", by=cast.npo_chair, second_round_kind="synpunktsinhamtning"
    )
    (round_,) = _rounds(version)
    assert round_.kind == ConsultationKind.SYNPUNKTSINHAMTNING and round_.opens_on == D(2026, 4, 1)
    assert "Granskningsrunda 2" in round_.description


def test_a_refused_transition_queues_nothing(cast, recommendation):
    version = walk_to(recommendation.versions.get(), State.NPO_APPROVAL_2, cast)
    with pytest.raises(ValidationError):
        services.transition(version=version, action="approve_round_2", by=cast.npo_chair, second_round_kind="")
    assert _rounds(version) == []


def test_sent_back_before_the_window_opens_cancels_the_round(cast, recommendation):
    version = walk_to(recommendation.versions.get(), State.REVIEW_1, cast)
    round_pk = _rounds(version)[0].pk
    version = services.transition(version=version, action="send_back", by=cast.owner_leader, comment="Exempel.")
    assert version.state == State.DRAFT
    assert _rounds(version) == []
    assert not Recipient.objects.filter(round_id=round_pk).exists()
    # Entering round 1 again queues a new round.
    version = walk_to(version, State.REVIEW_1, cast)
    assert len(_rounds(version)) == 1


def test_an_opened_round_stays_when_the_version_is_sent_back(cast, recommendation, time_machine):
    version = walk_to(recommendation.versions.get(), State.REVIEW_1, cast)
    time_machine.move_to(datetime.datetime(2026, 4, 2, 10, 0, tzinfo=datetime.UTC), tick=False)
    version = services.transition(version=version, action="send_back", by=cast.owner_leader, comment="Exempel.")
    (round_,) = _rounds(version)
    assert round_.status == "oppen"


def test_the_version_is_a_registered_subject_without_queries(cast, recommendation, django_assert_num_queries):
    assert consultation_subjects.is_registered(RecommendationVersion)
    version = RecommendationVersion.objects.get(recommendation=recommendation)
    with django_assert_num_queries(0):
        assert subject_title(version) == "Förstoppning hos barn, version 1"
        url = subject_url(version)
    assert url == reverse("nkk:version_work", args=[version.pk])


def test_the_round_shows_on_the_editorial_page_and_the_windows_page(client, cast, area, nag, recommendation):
    version = walk_to(recommendation.versions.get(), State.REVIEW_1, cast)
    round_ = _rounds(version)[0]
    client.force_login(cast.owner_leader)
    page = client.get(reverse("nkk:work", args=[recommendation.slug])).content.decode()
    assert "Granskningsrundor" in page
    assert reverse("consultations:round", args=[round_.pk]) in page
    assert "2026-04-01" in page and "2026-04-29" in page and "köad i fönstret" in page

    # The link from the engine's pages leads to the editorial page, for those who see the work.
    assert client.get(reverse("nkk:version_work", args=[version.pk])).url == reverse(
        "nkk:work", args=[recommendation.slug]
    )
    client.force_login(cast.outsider)
    assert client.get(reverse("nkk:version_work", args=[version.pk])).status_code == 403

    other = make_recommendation(area, nag, title="Blåsljud hos barn")
    walk_to(other.versions.get(), State.REVIEW_2, cast)
    client.force_login(cast.support)
    windows = client.get(reverse("consultations:windows")).content.decode()
    april = windows[windows.index('id="fonster-synpunktsinhamtning-2026-3"') :]
    april = april[: april.index("</section>")]
    assert "Förstoppning hos barn, version 1" in april and "Blåsljud" not in april
    remiss = windows[windows.index('id="fonster-remiss-2026-2"') :]
    remiss = remiss[: remiss.index("</section>")]
    assert "Blåsljud hos barn, version 1" in remiss and "Förstoppning" not in remiss


def test_the_windows_page_keeps_its_query_count(client, cast, area, nag, django_assert_num_queries):
    client.force_login(cast.support)
    url = reverse("consultations:windows")
    for titles in (["Exempel 1"], [f"Exempel {i}" for i in range(2, 8)]):
        for title in titles:
            walk_to(make_recommendation(area, nag, title=title).versions.get(), State.REVIEW_2, cast)
        client.get(url)
        with django_assert_num_queries(10):  # the engine's own count: the versions are one prefetch, however many
            assert client.get(url).status_code == 200
