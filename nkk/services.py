"""Writes of Nationellt kliniskt kunskapsstöd. Every change goes through here: validated, atomic,
logged, and with the actor (`by`) checked against the rules in nkk.permissions.

- transition() applies one row of nkk.workflow.TRANSITIONS to a version, under a row lock.
- publishing_date_publish() publishes everything planned for a date in one transaction, all or
  nothing, and is idempotent: the date's row is locked (SELECT … FOR UPDATE), so a second run (or
  a second worker at the same moment) waits, then finds the date published and does nothing.
- A published version is never written again (the database refuses it too); revising opens a
  new draft (version_open) while the published one stays live.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kunskapsstyrning.notices.services import reminders_withdraw_moved
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.services import acting_user, require_perm, save_checked

from . import permissions as perms
from . import review_rounds
from .choices import (
    OPEN_STATES,
    ChangeKind,
    PublishingDateStatus,
    RecommendationStatus,
    SecondRoundKind,
    SectionKind,
    State,
)
from .content import render_markdown
from .models import (
    PublishingDate,
    Recommendation,
    RecommendationSection,
    RecommendationSlug,
    RecommendationTitle,
    RecommendationVersion,
    SubjectArea,
    TransitionRecord,
    VersionReplacement,
)
from .models.versions import TRIGGERS
from .workflow import VERSION_ACTIONS, transition_for

#: Addresses under /kunskapsstod/ that are pages, not recommendations.
RESERVED_SLUGS = frozenset({"nyligen-publicerade", "atom", "omraden", "jamfor", "redaktion"})


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _log(recommendation, version, action, from_state, to_state, by, comment="", **extra) -> TransitionRecord:
    return TransitionRecord.record(
        recommendation, version, action, from_state, to_state, acting_user(by), comment, **extra
    )


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:180] or "kunskapsstod"
    slug, n = base, 1
    while (
        slug in RESERVED_SLUGS
        or Recommendation.objects.filter(slug=slug).exclude(pk=exclude_pk).exists()
        or RecommendationSlug.objects.filter(slug=slug).exclude(recommendation_id=exclude_pk).exists()
    ):
        n += 1
        slug = f"{base}-{n}"
    return slug


def write_sections(model, version, sections: dict[str, str], kinds) -> None:
    """Replace a version's sections (rows of `model`, a SectionBase) with one row per non-empty
    text of `sections` (kind -> Markdown), rendered and sanitised, positioned in the order of
    `kinds` (the app's SectionKind values; any other kind is refused). Also svf's."""
    order = {kind: index for index, kind in enumerate(kinds)}
    unknown = set(sections) - set(order)
    if unknown:
        raise ValidationError(_("Okänt avsnitt: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))})
    version.sections.all().delete()
    model.objects.bulk_create(
        model(
            version=version,
            kind=kind,
            position=order[kind],
            body_markdown=text.strip(),
            body_html=render_markdown(text.strip()),
        )
        for kind, text in sorted(sections.items(), key=lambda item: order[item[0]])
        if text and text.strip()
    )


def _write_sections(version: RecommendationVersion, sections: dict[str, str]) -> None:
    write_sections(RecommendationSection, version, sections, SectionKind.values)


@transaction.atomic
def recommendation_create(
    *,
    subject_area: SubjectArea,
    owning_group,
    title: str,
    by=None,
    sections: dict[str, str] | None = None,
    target_populations=(),
    icd10_codes=(),
    ksh97p_codes=(),
    change_note: str = "",
) -> Recommendation:
    """A new recommendation with version 1 as a draft (change note "ny")."""
    require_perm(by, perms.CREATE_RECOMMENDATION, owning_group)
    recommendation = Recommendation(
        slug=unique_slug(title),
        title=title.strip(),
        subject_area=subject_area,
        owning_group=owning_group,
        target_populations=list(target_populations),
        icd10_codes=list(icd10_codes),
        ksh97p_codes=list(ksh97p_codes),
        created_by=acting_user(by),
    )
    recommendation.full_clean()
    recommendation.save()
    version = RecommendationVersion(
        recommendation=recommendation,
        number=1,
        title=recommendation.title,
        change_kind=ChangeKind.NEW,
        change_note=change_note,
        created_by=acting_user(by),
    )
    version.full_clean()
    version.save()
    _write_sections(version, sections or {})
    _log(recommendation, version, "create", State.DRAFT, State.DRAFT, by)
    return recommendation


def _locked(version: RecommendationVersion) -> RecommendationVersion:
    return (
        RecommendationVersion.objects.select_for_update(of=("self",))
        .select_related("recommendation__subject_area")
        .get(pk=version.pk)
    )


@transaction.atomic
def version_update(
    *,
    version: RecommendationVersion,
    by=None,
    title: str | None = None,
    sections: dict[str, str] | None = None,
    change_kind: str | None = None,
    change_subject: str = "",
    change_heading: str = "",
    change_note: str = "",
    replaces=None,
    target_populations=None,
    icd10_codes=None,
    ksh97p_codes=None,
) -> RecommendationVersion:
    """Edit a draft (state utkast): its title, change note, sections and what it replaces; the
    recommendation's target populations and diagnosis codes travel with it."""
    version = _locked(version)
    require_perm(by, perms.EDIT_DRAFT, version)
    if version.state != State.DRAFT:
        raise ValidationError(_("Bara ett utkast kan ändras. Skicka tillbaka versionen först."))
    if title is not None:
        version.title = title.strip()
    if change_kind is not None:
        version.change_kind = change_kind
    version.change_subject, version.change_heading, version.change_note = change_subject, change_heading, change_note
    version.full_clean()
    version.save()
    if sections is not None:
        _write_sections(version, sections)
    if replaces is not None:
        replaced = [r for r in replaces if r.pk != version.recommendation_id]
        version.replacements.all().delete()
        VersionReplacement.objects.bulk_create(VersionReplacement(version=version, replaced=r) for r in replaced)
    rec = version.recommendation
    changed = []
    for name, value in (
        ("target_populations", target_populations),
        ("icd10_codes", icd10_codes),
        ("ksh97p_codes", ksh97p_codes),
    ):
        if value is not None:
            setattr(rec, name, list(value))
            changed.append(name)
    if changed:
        rec.full_clean()
        rec.save(update_fields=changed)
    return version


@transaction.atomic
def version_open(*, recommendation: Recommendation, by=None) -> RecommendationVersion:
    """Open a new draft from the current published version; the published one stays live."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    require_perm(by, perms.OPEN_REVISION, recommendation)
    if recommendation.versions.filter(state__in=OPEN_STATES).exists():
        raise ValidationError(_("Det finns redan en version under arbete för det här kunskapsstödet."))
    base = recommendation.current_version
    number = (recommendation.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = RecommendationVersion(
        recommendation=recommendation,
        number=number,
        title=recommendation.title,
        change_kind=ChangeKind.REVISED,
        created_by=acting_user(by),
    )
    version.full_clean()
    version.save()
    if base is not None:
        _write_sections(version, {s.kind: s.body_markdown for s in base.sections.all()})
    _log(recommendation, version, "open", State.PUBLISHED if base else State.DRAFT, State.DRAFT, by)
    return version


def _check_ready(version: RecommendationVersion) -> list[str]:
    """What keeps a version from leaving the draft or being published, as Swedish sentences."""
    problems = []
    label = version.title
    if not version.title.strip():
        problems.append(_("Versionen saknar titel."))
    if not version.sections.exists():
        problems.append(_("”%(title)s” har ingen text i något avsnitt.") % {"title": label})
    if version.change_kind == ChangeKind.CLARIFIED and not (version.change_subject and version.change_heading):
        problems.append(
            _("”%(title)s”: ett förtydligande behöver både vad som förtydligas och under vilken rubrik.")
            % {"title": label}
        )
    rec = version.recommendation
    renamed = rec.current_version_id is not None and version.title != rec.title
    if renamed and version.change_kind not in (ChangeKind.RENAMED, ChangeKind.MERGED):
        problems.append(
            _("”%(title)s” har fått ny titel; ange ändringstypen ”ny titel (tidigare titel)”.") % {"title": label}
        )
    if version.change_kind == ChangeKind.RENAMED and not renamed:
        problems.append(_("”%(title)s”: ändringstypen säger ny titel, men titeln är densamma.") % {"title": label})
    if version.change_kind == ChangeKind.MERGED and not version.replacements.exists():
        problems.append(
            _("”%(title)s”: ange vilka kunskapsstöd den sammanslagna versionen ersätter.") % {"title": label}
        )
    return problems


@transaction.atomic
def transition(
    *,
    version: RecommendationVersion,
    action: str,
    by=None,
    comment: str = "",
    publishing_date: PublishingDate | None = None,
    second_round_kind: str = "",
    on: datetime.date | None = None,
) -> RecommendationVersion:
    """Move a version by one row of the transition table, checking the row's rule and needs.

    `on` is the day the planning is judged against (today; the demo loader plans past dates)."""
    version = _locked(version)
    row = transition_for(version.state, action) if action in VERSION_ACTIONS else None
    if row is None:
        raise ValidationError(
            _("Det går inte att göra det här med en version som är ”%(state)s”.")
            % {"state": version.get_state_display().lower()},
            code="not_allowed",
        )
    require_perm(by, row.permission, version)
    comment = comment.strip()
    if row.comment_required and not comment:
        raise ValidationError({"comment": _("Skriv en kommentar som säger varför.")})
    if action == "publish":
        raise ValidationError(_("En planerad version publiceras tillsammans med sitt publiceringstillfälle."))
    if version.state == State.DRAFT and (problems := _check_ready(version)):
        raise ValidationError(problems)
    extra = {}
    if row.needs_round_kind:
        if second_round_kind not in SecondRoundKind.values:
            raise ValidationError(
                {"second_round_kind": _("Ange om granskningsrunda 2 är remiss eller synpunktsinhämtning.")}
            )
        version.second_round_kind = second_round_kind
        extra["second_round_kind"] = second_round_kind
    if row.needs_date:
        if publishing_date is None:
            raise ValidationError({"publishing_date": _("Välj ett publiceringstillfälle.")})
        publishing_date = PublishingDate.objects.select_for_update().get(pk=publishing_date.pk)
        if publishing_date.status == PublishingDateStatus.PUBLISHED or publishing_date.date < (on or today()):
            raise ValidationError(
                {
                    "publishing_date": _("Publiceringstillfället %(date)s har redan passerat.")
                    % {"date": publishing_date}
                }
            )
        version.publishing_date = publishing_date
        extra["publishing_date"] = publishing_date
    elif action == "unplan" or row.target == State.DRAFT:
        extra["publishing_date"] = version.publishing_date
        if action == "unplan":
            version.publishing_date = None
    if row.target == State.DRAFT and row.source == State.PLANNED:
        version.publishing_date = None
    from_state = version.state
    version.state = row.target
    version.full_clean()
    save_checked(version, TRIGGERS)
    _log(version.recommendation, version, action, from_state, row.target, by, comment, **extra)
    review_rounds.on_transition(version=version, from_state=from_state, by=by, on=on)  # queue/cancel its round
    return version


@transaction.atomic
def version_set_target_date(
    *, version: RecommendationVersion, publishing_date: PublishingDate | None, by=None
) -> RecommendationVersion:
    """Support staff aim a version still under way at a publishing date (shown as "väntar" in the
    calendar); planning it happens once it is approved."""
    version = _locked(version)
    require_perm(by, perms.MANAGE_PUBLISHING, version)
    if version.state not in OPEN_STATES or version.state == State.PLANNED:
        raise ValidationError(_("Bara en version under arbete kan siktas mot ett publiceringstillfälle."))
    version.publishing_date = publishing_date
    version.save(update_fields=["publishing_date", "updated_at"])
    _log(version.recommendation, version, "target", version.state, version.state, by, publishing_date=publishing_date)
    return version


@transaction.atomic
def recommendation_confirm_unchanged(*, recommendation: Recommendation, by=None, comment: str = "") -> Recommendation:
    """ "Granskad, ingen ändring": the owner confirms the published text is still valid. The revision
    deadline moves by the ämnesområde's interval, and the confirmation is logged (it counts as a
    revision for campaigns)."""
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",)).select_related("subject_area").get(pk=recommendation.pk)
    )
    require_perm(by, perms.CONFIRM_UNCHANGED, recommendation)
    if recommendation.status != RecommendationStatus.ACTIVE or recommendation.current_version_id is None:
        raise ValidationError(_("Bara ett publicerat kunskapsstöd kan granskas utan ändring."))
    on = today()
    recommendation.last_reviewed_on = on
    recommendation.revision_deadline = add_months(on, recommendation.subject_area.revision_interval_months)
    recommendation.save(update_fields=["last_reviewed_on", "revision_deadline"])
    _log(
        recommendation,
        recommendation.current_version,
        ChangeKind.REVIEWED.value,
        State.PUBLISHED,
        State.PUBLISHED,
        by,
        comment
        or _("Granskad, ingen ändring. Nytt revideringsdatum %(date)s.")
        % {"date": recommendation.revision_deadline.isoformat()},
    )
    reminders_withdraw_moved(kind="revision_senast", objects=[recommendation])  # the old date's, unsent
    return recommendation


@transaction.atomic
def recommendation_withdraw(*, recommendation: Recommendation, by=None, comment: str = "") -> Recommendation:
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    require_perm(by, "nkk.withdraw", recommendation)
    if recommendation.status != RecommendationStatus.ACTIVE or recommendation.current_version_id is None:
        raise ValidationError(_("Bara ett publicerat kunskapsstöd kan återkallas."))
    if not comment.strip():
        raise ValidationError({"comment": _("Skriv en kommentar som säger varför.")})
    recommendation.status = RecommendationStatus.WITHDRAWN
    recommendation.withdrawn_on = today()
    recommendation.save(update_fields=["status", "withdrawn_on"])
    _log(recommendation, recommendation.current_version, "withdraw", State.PUBLISHED, State.WITHDRAWN, by, comment)
    return recommendation


def _merge(target: Recommendation, sources, by, comment: str, on: datetime.date) -> list[str]:
    titles = []
    for source in sources:
        if source.pk == target.pk or source.status != RecommendationStatus.ACTIVE:
            raise ValidationError(
                _("”%(title)s” kan inte slås samman: det är inte ett aktivt kunskapsstöd.") % {"title": source.title}
            )
        source.status = RecommendationStatus.MERGED
        source.merged_into = target
        source.save(update_fields=["status", "merged_into"])
        RecommendationTitle.objects.get_or_create(
            recommendation=target, title=source.title, defaults={"used_until": on, "merged": True}
        )
        _log(
            source,
            source.current_version,
            "merge",
            State.PUBLISHED,
            State.MERGED,
            by,
            comment or _("Ersatt av ”%(title)s”.") % {"title": target.title},
        )
        titles.append(source.title)
    return titles


@transaction.atomic
def recommendation_merge(*, sources, target: Recommendation, by=None, comment: str = "") -> Recommendation:
    """Replace published recommendations by a published one; their addresses redirect to it."""
    target = Recommendation.objects.select_for_update().get(pk=target.pk)
    locked = list(Recommendation.objects.select_for_update().filter(pk__in=[s.pk for s in sources]).order_by("pk"))
    for source in locked:
        require_perm(by, "nkk.merge", source)
    if target.status != RecommendationStatus.ACTIVE or target.current_version_id is None:
        raise ValidationError(_("Det som ersätter måste vara ett publicerat, aktivt kunskapsstöd."))
    _merge(target, locked, by, comment, today())
    return target


# Publishing ---------------------------------------------------------------------------------


@transaction.atomic
def publishing_date_create(*, date: datetime.date, note: str = "", by=None) -> PublishingDate:
    require_perm(by, perms.MANAGE_PUBLISHING, None)
    if date < today():
        raise ValidationError({"date": _("Ett publiceringstillfälle kan inte ligga bakåt i tiden.")})
    if PublishingDate.objects.filter(date=date).exists():
        raise ValidationError({"date": _("Det finns redan ett publiceringstillfälle det datumet.")})
    publishing_date = PublishingDate(date=date, note=note)
    publishing_date.full_clean()
    publishing_date.save()
    return publishing_date


@dataclass
class BatchResult:
    publishing_date: PublishingDate
    published: list[RecommendationVersion] = field(default_factory=list)
    already_published: bool = False
    refused: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


def _publish_version(version: RecommendationVersion, on: datetime.date, by, now) -> None:
    rec = Recommendation.objects.select_for_update().select_related("subject_area").get(pk=version.recommendation_id)
    replaced_titles = []
    if rec.current_version_id is not None and version.title != rec.title:
        RecommendationTitle.objects.get_or_create(
            recommendation=rec, title=rec.title, defaults={"used_until": on - datetime.timedelta(days=1)}
        )
        RecommendationSlug.objects.get_or_create(slug=rec.slug, defaults={"recommendation": rec})
        replaced_titles.append(rec.title)
        _log(
            rec,
            version,
            "rename",
            State.PUBLISHED,
            State.PUBLISHED,
            by,
            _("Tidigare titel ”%(title)s”.") % {"title": rec.title},
        )
        rec.title = version.title
        rec.slug = unique_slug(version.title, exclude_pk=rec.pk)
        RecommendationSlug.objects.filter(slug=rec.slug).delete()  # a rename back takes its old address again
    sources = list(
        Recommendation.objects.select_for_update().filter(replaced_by_versions__version=version).order_by("title")
    )
    if sources:
        replaced_titles.extend(_merge(rec, sources, by, "", on))
    approval = (
        TransitionRecord.objects.filter(version=version, action="approve").order_by("-at").values_list("at", flat=True)
    ).first()
    version.state = State.PUBLISHED
    version.published_at = now
    version.replaced_titles = "; ".join(replaced_titles)
    version.full_clean()
    save_checked(version, TRIGGERS)
    rec.current_version = version
    rec.last_published_on = on
    rec.approved_on = timezone.localdate(approval) if approval else on
    rec.revision_deadline = add_months(on, rec.subject_area.revision_interval_months)
    rec.full_clean()
    rec.save()
    _log(rec, version, "publish", State.PLANNED, State.PUBLISHED, by, publishing_date=version.publishing_date)


def publishing_date_publish(
    *, publishing_date: PublishingDate, by=None, on: datetime.date | None = None
) -> BatchResult:
    """Publish everything planned for the date, all or nothing.

    The date's row is locked first: a second run, by hand or by another worker, waits for the
    first and then finds the date published (nothing happens twice). Every planned version is
    checked before anything is written; one that is not ready stops the whole batch, and the
    reason is recorded on the date (status "misslyckad") for the support function to see.
    """
    require_perm(by, perms.MANAGE_PUBLISHING, None)
    on = on or today()
    with transaction.atomic():
        locked = PublishingDate.objects.select_for_update().get(pk=publishing_date.pk)
        result = BatchResult(publishing_date=locked)
        if locked.status == PublishingDateStatus.PUBLISHED:
            result.already_published = True
            return result
        if locked.date > on:
            raise ValidationError(
                _("Publiceringstillfället %(date)s har inte kommit än.") % {"date": locked.date.isoformat()}
            )
        versions = list(
            RecommendationVersion.objects.select_for_update(of=("self",))
            .filter(publishing_date=locked, state=State.PLANNED)
            .select_related("recommendation")
            .order_by("recommendation__title", "pk")
        )
        problems = []
        for version in versions:
            problems.extend(_check_ready(version))
            if version.recommendation.status != RecommendationStatus.ACTIVE:
                problems.append(_("”%(title)s” är inte längre aktivt.") % {"title": version.title})
        replaced = [r for v in versions for r in v.replacements.values_list("replaced_id", flat=True)]
        if len(replaced) != len(set(replaced)):
            problems.append(_("Samma kunskapsstöd ersätts av två versioner i samma publicering."))
        now = timezone.now()
        if not problems:
            try:
                with transaction.atomic():
                    for version in versions:
                        _publish_version(version, locked.date, by, now)
            except (ValidationError, IntegrityError, DatabaseError) as exc:
                messages = getattr(exc, "messages", None) or [str(exc)]
                problems.extend(messages)
        locked.attempted_at = now
        if problems:
            locked.status = PublishingDateStatus.FAILED
            locked.failure_reason = " ".join(str(p) for p in problems)
            locked.save(update_fields=["status", "failure_reason", "attempted_at"])
            result.refused = [str(p) for p in problems]
            return result
        locked.status = PublishingDateStatus.PUBLISHED
        locked.published_at = now
        locked.published_by = acting_user(by)
        locked.failure_reason = ""
        locked.save(update_fields=["status", "published_at", "published_by", "failure_reason", "attempted_at"])
        result.published = versions
        # New revision deadlines (and merged ones without any): the old dates' unsent reminders go.
        moved = [v.recommendation for v in versions] + [Recommendation(pk=pk) for pk in replaced]
        reminders_withdraw_moved(kind="revision_senast", objects=moved)
        return result


def publish_due(*, on: datetime.date | None = None) -> list[BatchResult]:
    """The daily run: every publishing date up to today that is not yet published, each in its own
    transaction (one failed date does not hold back the next)."""
    on = on or today()
    due = PublishingDate.objects.filter(date__lte=on).exclude(status=PublishingDateStatus.PUBLISHED).order_by("date")
    return [publishing_date_publish(publishing_date=d, on=on) for d in due]
