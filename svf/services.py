"""Writes of the vårdförlopp. Every change goes through here: validated, atomic, logged, and with
the actor (`by`) checked against the rules in svf.permissions. Loaders, the demo and tasks pass
by=None and are not asked (as in the structure's services).

- transition() applies one row of svf.workflow.TRANSITIONS to a pathway, under a row lock.
- version_update() edits the open draft; a version sent on remiss, decided or published is
  frozen (the database refuses too: migration 0003_frozen_versions).
- The remiss itself is a round of the consultation engine (nkk.consultations) whose subject is
  the frozen remissversion; its comment–response ledger is published with the approved version.
"""

import datetime
import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models.periods import check_dates_in_range, today
from kunskapsstyrning.organisation.services import acting_user, require_perm, save_checked
from nkk.consultations import services as consultations
from nkk.consultations.choices import ConsultationKind, RoundStatus
from nkk.consultations.models import ConsultationRound
from nkk.content import render_markdown
from nkk.services import write_sections

from . import permissions as perms
from .choices import PathwayState, SectionKind, VersionStatus
from .models import CarePathway, FlowStep, PathwaySection, PathwayTransition, PathwayVersion
from .models.versions import TRIGGERS
from .workflow import SEND, transition_for

#: Sections a version must have before it goes on remiss or to SKS.
REQUIRED_SECTIONS = (SectionKind.SCOPE, SectionKind.ENTRY_EXIT)


def _log(pathway, version, action, from_state, to_state, by, comment="", **extra) -> PathwayTransition:
    return PathwayTransition.record(pathway, version, action, from_state, to_state, acting_user(by), comment, **extra)


def step_letter(index: int) -> str:
    """A, B … Z, then AA, AB …: the letters the åtgärdstabell refers to."""
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


#: Slugs the editor pages' own addresses use (/redaktion/vardforlopp/ny/).
RESERVED_SLUGS = {"ny"}


def unique_slug(name: str) -> str:
    base = slugify(name)[:110] or "vardforlopp"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or CarePathway.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Content ---------------------------------------------------------------------------------------


def _write_sections(version: PathwayVersion, sections: dict[str, str]) -> None:
    write_sections(PathwaySection, version, sections, SectionKind.values)


def _write_steps(version: PathwayVersion, steps) -> None:
    """Replace the flow: `steps` are (title, care system's actions, patient's actions) in order;
    a step without a title is left out (an empty row of the form), one with text but no title
    is refused."""
    rows = []
    for title, care, patient in steps:
        title, care, patient = (title or "").strip(), (care or "").strip(), (patient or "").strip()
        if not title:
            if care or patient:
                raise ValidationError({"steps": _("Varje steg i flödet behöver en rubrik.")})
            continue
        index = len(rows)
        rows.append(
            FlowStep(
                version=version,
                position=index + 1,
                letter=step_letter(index),
                title=title[:200],
                care_actions_markdown=care,
                care_actions_html=render_markdown(care),
                patient_actions_markdown=patient,
                patient_actions_html=render_markdown(patient),
            )
        )
    version.steps.all().delete()
    FlowStep.objects.bulk_create(rows)


def _copy_content(source: PathwayVersion, target: PathwayVersion) -> None:
    _write_sections(target, {s.kind: s.body_markdown for s in source.sections.all()})
    _write_steps(
        target,
        [(s.title, s.care_actions_markdown, s.patient_actions_markdown) for s in source.steps.order_by("position")],
    )


def _new_version(pathway: CarePathway, by, source: PathwayVersion | None) -> PathwayVersion:
    number = (pathway.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PathwayVersion(
        pathway=pathway,
        number=number,
        title=source.title if source else pathway.name,
        created_by=acting_user(by),
    )
    version.full_clean()
    save_checked(version, TRIGGERS)
    if source is not None:
        _copy_content(source, version)
    return version


@transaction.atomic
def pathway_create(
    *,
    name: str,
    working_group=None,
    responsible_npos=(),
    diagnosis_area: str = "",
    definition: str = "",
    is_demo: bool = False,
    by=None,
) -> CarePathway:
    """A vårdförlopp that SKS decided to develop, with version 1 as an empty draft."""
    require_perm(by, perms.CREATE_PATHWAY)
    if working_group is not None and working_group.kind != GroupKind.NAG:
        raise ValidationError({"working_group": _("Ett vårdförlopp tas fram av en nationell arbetsgrupp (NAG).")})
    npos = list(responsible_npos)
    if any(npo.kind != GroupKind.NPO for npo in npos):
        raise ValidationError({"responsible_npos": _("Ansvariga grupper ska vara nationella programområden.")})
    pathway = CarePathway(
        name=name.strip(),
        slug=unique_slug(name),
        working_group=working_group,
        diagnosis_area=diagnosis_area.strip(),
        definition=definition.strip(),
        is_demo=is_demo,
    )
    pathway.full_clean()
    pathway.save()
    pathway.responsible_npos.set(npos)
    version = _new_version(pathway, by, None)
    _log(pathway, version, "create", PathwayState.STARTED, PathwayState.STARTED, by)
    return pathway


def open_version(pathway: CarePathway) -> PathwayVersion | None:
    """The draft under work (utkast), or the decided version waiting to be published."""
    return pathway.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.DECIDED]).order_by("-number").first()


def _locked_version(version: PathwayVersion) -> PathwayVersion:
    return PathwayVersion.objects.select_for_update(of=("self",)).select_related("pathway").get(pk=version.pk)


@transaction.atomic
def version_update(
    *,
    version: PathwayVersion,
    by=None,
    title: str | None = None,
    change_note: str | None = None,
    sections: dict[str, str] | None = None,
    steps=None,
) -> PathwayVersion:
    """Edit the draft: its name, change note, sections and flow. Only a draft changes."""
    version = _locked_version(version)
    require_perm(by, perms.EDIT_DRAFT, version)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(TRIGGERS["svf_version_is_frozen"])
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("Ange vårdförloppets namn.")})
        version.title = title.strip()
    if change_note is not None:
        version.change_note = change_note.strip()
    version.full_clean()
    save_checked(version, TRIGGERS)
    if sections is not None:
        _write_sections(version, sections)
    if steps is not None:
        _write_steps(version, steps)
    return version


def check_ready(version: PathwayVersion) -> list[str]:
    """What keeps a draft from going on remiss or to SKS, as Swedish sentences."""
    problems = []
    if not version.steps.exists():
        problems.append(_("Flödet har inga steg."))
    present = set(version.sections.values_list("kind", flat=True))
    for kind in REQUIRED_SECTIONS:
        if kind not in present:
            problems.append(_("Avsnittet ”%(section)s” saknas.") % {"section": SectionKind(kind).label})
    return problems


# The lifecycle ---------------------------------------------------------------------------------


def rounds_of(pathway: CarePathway):
    """The consultation rounds of the pathway's versions (their subjects), oldest first."""
    from django.contrib.contenttypes.models import ContentType

    return ConsultationRound.objects.filter(
        subject_type=ContentType.objects.get_for_model(PathwayVersion),
        subject_id__in=pathway.versions.values("pk"),
    ).order_by("opens_on", "pk")


@transaction.atomic
def transition(
    *,
    pathway: CarePathway,
    action: str,
    by=None,
    comment: str = "",
    decided_on: datetime.date | None = None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    regions=None,
    groups=(),
    organisations=(),
    description: str = "",
    on: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> CarePathway:
    """Move a vårdförlopp by one row of the transition table, checking the row's rule and needs.

    Sending on remiss takes the round's dates and recipients (all 21 regions unless `regions`
    says otherwise; NPOs, NSGs and other groups; named organisations such as kommuner). `on` and
    `now` are the day and time the action is judged and stamped with (today; the demo loader
    replays past years)."""
    pathway = CarePathway.objects.select_for_update().get(pk=pathway.pk)
    on = on or today()
    row = transition_for(pathway.state, action)
    if row is None:
        raise ValidationError(
            _("Det går inte att göra det här med ett vårdförlopp som är ”%(state)s”.")
            % {"state": pathway.get_state_display().lower()},
            code="not_allowed",
        )
    require_perm(by, row.permission, pathway)
    comment = comment.strip()
    if row.comment_required and not comment:
        raise ValidationError({"comment": _("Skriv en kommentar som säger varför.")})
    version = open_version(pathway)
    extra = {}

    if action == SEND:
        if version is None or version.status != VersionStatus.DRAFT:
            raise ValidationError(_("Det finns inget utkast att skicka på remiss."))
        if problems := check_ready(version):
            raise ValidationError(problems)
        if pathway.working_group_id is None:
            raise ValidationError(_("Vårdförloppet har ingen arbetsgrupp som äger remissen."))
        if opens_on is None or closes_on is None:
            raise ValidationError({"closes_on": _("Ange när remissen öppnar och sista svarsdag.")})
        version = _locked_version(version)
        version.status = VersionStatus.CONSULTATION
        save_checked(version, TRIGGERS)
        consultations.round_create(
            kind=ConsultationKind.REMISS,
            subject=version,
            owner_group=pathway.working_group,
            opens_on=opens_on,
            closes_on=closes_on,
            description=description,
            regions=regions,
            groups=groups,
            organisations=organisations,
            by=by,
        )
    elif action == "end_consultation":
        remiss_version = pathway.versions.filter(status=VersionStatus.CONSULTATION).order_by("-number").first()
        open_rounds = [
            r for r in ConsultationRound.objects.for_subject(remiss_version) if r.status_on(on) != RoundStatus.CLOSED
        ]
        if open_rounds:
            raise ValidationError(
                _("Remissen är öppen till och med %(date)s; den kan avslutas när sista svarsdag har passerat.")
                % {"date": max(r.closes_on for r in open_rounds).isoformat()}
            )
        version = _new_version(pathway, by, remiss_version)
    elif row.needs_decision_date:
        if decided_on is None:
            raise ValidationError({"decided_on": _("Ange datum för SKS beslut.")})
        check_dates_in_range(decided_on=decided_on)
        if decided_on > on:
            raise ValidationError({"decided_on": _("Beslutsdatumet kan inte ligga i framtiden.")})
        if version is None or version.status != VersionStatus.DRAFT:
            raise ValidationError(_("Det finns ingen version att besluta om."))
        if problems := check_ready(version):
            raise ValidationError(problems)
        version = _locked_version(version)
        version.status = VersionStatus.DECIDED
        version.decided_on = decided_on
        version.full_clean()
        save_checked(version, TRIGGERS)
        pathway.decided_on = decided_on
        extra["decided_on"] = decided_on
    elif action == "publish":
        version = _locked_version(version)
        # The comment–response ledgers of the remiss rounds go public with the approved version;
        # the engine refuses while a comment has no response, and then nothing is published.
        for round_ in rounds_of(pathway).filter(ledger_published_at__isnull=True):
            consultations.ledger_publish(round=round_, by=None)
        version.status = VersionStatus.PUBLISHED
        version.published_at = now or timezone.now()
        version.full_clean()
        save_checked(version, TRIGGERS)
        # A new name (e.g. "Hjärtsvikt" decided as "Hjärtsvikt – nydebuterad") is the pathway's
        # from publication on; the slug, and so every permanent address, stays.
        pathway.name = version.title
    elif action == "start_revision":
        current = current_version(pathway)
        version = _new_version(pathway, by, current)

    from_state = pathway.state
    pathway.state = row.target
    pathway.full_clean()
    pathway.save(update_fields=["name", "state", "decided_on", "updated_at"])
    _log(pathway, version, action, from_state, row.target, by, comment, **extra)
    return pathway


def current_version(pathway: CarePathway) -> PathwayVersion | None:
    """The live version: the latest published one."""
    return pathway.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
