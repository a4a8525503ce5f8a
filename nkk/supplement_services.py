"""Writes of the regional supplements (regionala tillägg). Every change goes through here:
validated, atomic, with the actor checked against nkk.permissions.EDIT_SUPPLEMENTS, and kept in
the supplement's pghistory event table (insert, update, delete).

A region saves its texts to one recommendation together (supplements_save): each section's text
is created, changed or, when emptied, removed. The recommendation's row is locked (FOR NO KEY
UPDATE, which the supplements' foreign keys do not wait for) so two editors of the same region
take turns, and a form that was shown before someone else's change is refused (the token) rather
than overwriting it. Bad input raises a ValidationError with a Swedish message per section, and
nothing is written.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.services import acting_user

from .choices import RecommendationStatus, SectionKind
from .content import render_markdown
from .models import Recommendation, RegionalSupplement
from .models.supplements import MAX_SUPPLEMENT_LENGTH, SUPPLEMENT_SECTIONS
from .permissions import EDIT_SUPPLEMENTS


@dataclass
class SupplementChanges:
    """What supplements_save did, per section kind."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.created or self.changed or self.removed)


def supplements_token(supplements) -> str:
    """A short fingerprint of a region's supplements as they are: a form carries it, and the save
    is refused if the supplements changed after the form was shown."""
    parts = sorted(f"{s.section}:{s.pk}:{s.updated_at.isoformat()}" for s in supplements)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _clean_text(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def supplements_save(
    *,
    recommendation: Recommendation,
    region,
    texts: dict[str, str],
    by=None,
    token: str | None = None,
) -> SupplementChanges:
    """Save the region's texts to the recommendation, one per section in `texts` (sections left
    out are untouched; an empty text removes that section's supplement)."""
    probe = RegionalSupplement(recommendation=recommendation, region=region)
    if by is not None and not by.has_perm(EDIT_SUPPLEMENTS, probe):
        raise ValidationError(
            _("Du har inte behörighet att skriva regionala tillägg för %(region)s.") % {"region": region},
            code="forbidden",
        )
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for kind, text in texts.items():
        if kind not in SUPPLEMENT_SECTIONS:
            label = SectionKind(kind).label if kind in SectionKind.values else kind
            errors.setdefault(kind, []).append(
                _("Avsnittet ”%(section)s” kan inte ha regionala tillägg.") % {"section": label}
            )
            continue
        cleaned[kind] = _clean_text(text)
        if len(cleaned[kind]) > MAX_SUPPLEMENT_LENGTH:
            errors.setdefault(kind, []).append(
                _("Texten är för lång: högst %(max)s tecken, den har %(length)s.")
                % {"max": MAX_SUPPLEMENT_LENGTH, "length": len(cleaned[kind])}
            )
    if errors:
        raise ValidationError(errors)

    rec = (
        Recommendation.objects.select_for_update(no_key=True, of=("self",))
        .select_related("current_version")
        .get(pk=recommendation.pk)
    )
    if rec.status != RecommendationStatus.ACTIVE or rec.current_version_id is None:
        raise ValidationError(
            _("Regionala tillägg skrivs bara till ett publicerat kunskapsstöd som gäller."), code="not_public"
        )
    existing = {s.section: s for s in RegionalSupplement.objects.filter(recommendation=rec, region=region)}
    if token is not None and token != supplements_token(existing.values()):
        raise ValidationError(
            _(
                "Någon annan har ändrat regionens tillägg sedan du öppnade sidan. Ingenting sparades; "
                "läs de nya texterna och gör din ändring igen."
            ),
            code="stale",
        )
    changes = SupplementChanges()
    actor = acting_user(by)
    number = rec.current_version.number
    for kind in SUPPLEMENT_SECTIONS:
        if kind not in cleaned:
            continue
        text, supplement = cleaned[kind], existing.get(kind)
        if not text:
            if supplement is not None:
                supplement.delete()
                changes.removed.append(kind)
            continue
        if supplement is None:
            supplement = RegionalSupplement(recommendation=rec, region=region, section=kind)
            changes.created.append(kind)
        elif supplement.body_markdown == text:
            continue
        else:
            changes.changed.append(kind)
        supplement.body_markdown = text
        supplement.body_html = render_markdown(text)
        supplement.version_number = number
        supplement.updated_by = actor
        supplement.full_clean(exclude=("recommendation", "region"), validate_unique=False)
        supplement.save()
    return changes
