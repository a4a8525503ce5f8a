"""The workflow's review states linked to the consultation engine (nkk.consultations).

When a version enters granskningsrunda 1 or 2, services.transition() calls `on_transition`,
which queues the version for the next window of the right kind: it stores the window in the
engine and creates a round of the version there, addressed as the engine addresses a round by
default (all 21 regions). The round's subject is the version (a generic relation: the engine
knows nothing of recommendations; this module registers the version as a subject type). If the
version leaves the review state before its round has opened (sent back to the working group, or
the round ended before its window), the queued round is cancelled: nobody has been asked yet. A
round that has opened stays, with its answers.

Which kind of round each review state asks for is data (`ROUND_KIND`): round 2 is the kind the
NPO chose when approving it (remiss or synpunktsinhämtning); round 1 is a synpunktsinhämtning.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.models.periods import today

from .choices import SecondRoundKind, State
from .consultations import selectors as consultation_selectors
from .consultations import services as consultation_services
from .consultations.choices import ConsultationKind
from .consultations.models import ConsultationRound
from .consultations.registry import consultation_subjects
from .models import RecommendationVersion

#: The kind of round each review state asks for; None: the version's own second_round_kind.
ROUND_KIND: dict[str, str | None] = {
    State.REVIEW_1: ConsultationKind.SYNPUNKTSINHAMTNING,
    State.REVIEW_2: None,
}
#: SecondRoundKind values are the engine's kinds (checked at import, so that they cannot drift).
assert set(SecondRoundKind.values) <= set(ConsultationKind.values)

ROUND_LABEL = {
    State.REVIEW_1: _("Granskningsrunda 1"),
    State.REVIEW_2: _("Granskningsrunda 2"),
}


def round_kind_for(version: RecommendationVersion, state: str | None = None) -> str | None:
    state = state or version.state
    if state not in ROUND_KIND:
        return None
    return ROUND_KIND[state] or version.second_round_kind or None


def next_window(kind: str, *, on: datetime.date | None = None):
    """The first window of `kind` that opens after `on` (computed, with support staff's stored
    adjustments): a version is queued for a window that has not yet started, so that the
    recipients get the whole window."""
    on = on or today()
    for year in (on.year, on.year + 1):
        for window in consultation_selectors.windows_for_year(year, kind):
            if window.opens_on > on:
                return window
    return None  # pragma: no cover - every year has windows of both kinds


def queue_version(version: RecommendationVersion, *, on: datetime.date | None = None) -> ConsultationRound | None:
    """Create the version's round in the next window of the kind its review state asks for,
    unless it already has a round of that kind that has not closed. Runs inside the transition's
    transaction: if the transition fails, no round is left behind."""
    kind = round_kind_for(version)
    if kind is None:
        return None
    on = on or today()
    existing = ConsultationRound.objects.for_subject(version).filter(kind=kind, closes_on__gte=on).first()
    if existing is not None:
        return existing
    window = next_window(kind, on=on)
    stored = consultation_services.window_store(kind=kind, year=window.nominal_start.year, number=window.number)
    with translation.override(settings.LANGUAGE_CODE):  # stored text: in Swedish, whoever acts
        description = str(
            _("%(round)s av %(title)s, version %(number)s. Köad av arbetsflödet.")
            % {"round": ROUND_LABEL[version.state], "title": version.title, "number": version.number}
        )
    # by=None: the engine's MANAGE_ROUND is not asked; the transition's own rule (the NPO chair
    # approving the round) has decided, and the round is the workflow's consequence of it.
    return consultation_services.round_create(
        kind=kind,
        subject=version,
        owner_group=version.recommendation.owning_group,
        window=stored,
        description=description,
    )


def cancel_unopened(version: RecommendationVersion, from_state: str, *, on: datetime.date | None = None) -> int:
    """Remove the version's rounds for `from_state` that have not opened yet (nobody has been
    asked); return how many."""
    kind = round_kind_for(version, from_state)
    if kind is None:
        return 0
    on = max(on or today(), today())  # a round that has opened (in real time) is never taken back
    rounds = ConsultationRound.objects.for_subject(version).filter(kind=kind, opens_on__gt=on)
    count = 0
    for round_ in rounds:
        consultation_services.round_cancel(round=round_)
        count += 1
    return count


def on_transition(*, version: RecommendationVersion, from_state: str, by=None, on: datetime.date | None = None) -> None:
    """Called by services.transition after a version moved: a version leaving a review state
    takes back its round if the window has not opened (sent back, or the round ended early:
    nobody has been asked); a version entering one is queued."""
    if from_state in ROUND_KIND and from_state != version.state:
        cancel_unopened(version, from_state, on=on)
    if version.state in ROUND_KIND:
        queue_version(version, on=on)


def rounds_of(version: RecommendationVersion | None) -> list[ConsultationRound]:
    """The version's rounds, oldest first, for the editorial page (one query)."""
    if version is None:
        return []
    return list(consultation_selectors.rounds_for_subject(version))


def _title(version: RecommendationVersion) -> str:
    # The version's own title and number: no query for the recommendation, so that lists of
    # rounds (the windows page) stay at a fixed number of queries.
    return _("%(title)s, version %(number)s") % {"title": version.title, "number": version.number}


def _url(version: RecommendationVersion) -> str:
    return reverse("nkk:version_work", kwargs={"pk": version.pk})


consultation_subjects.register(RecommendationVersion, title=_title, url=_url, label=str(_("Kunskapsstöd")))
