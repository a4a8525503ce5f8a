"""Writes to the shared structure. Every change goes through here: validated, atomic, never lossy.

Ending is not deleting: a membership or hosting gets an end date, a renamed group keeps its
old name, so the structure can be read as it stood on any date.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .choices import HostingKind, Role
from .models import (
    Group,
    GroupName,
    HealthcareRegion,
    Hosting,
    Membership,
    Municipality,
    Organisation,
    Person,
    Region,
    RosterChange,
)
from .models.memberships import GROUP_LIFETIME_TRIGGERS
from .models.periods import check_dates_in_range, today
from .registry import registry


class RosterConflict(ValidationError):
    """The roster changed after the editor loaded it; the later save is refused, nothing written."""

    def __init__(self, changes: list[RosterChange]):
        self.changes = changes
        listed = "; ".join(change.summary for change in changes) or _("okänd ändring")
        super().__init__(
            _(
                "Någon annan har ändrat ledamotslistan sedan du öppnade den: %(changes)s. "
                "Ingenting av din ändring sparades. Kontrollera listan och gör om ändringen."
            )
            % {"changes": listed},
            code="roster_conflict",
        )


def database_refusal(exc: IntegrityError, model, triggers: dict | None = None) -> ValidationError | None:
    """The Swedish message for a constraint or trigger the database enforced, or None.

    clean() checks the same rules first; this covers the writes it cannot see (a concurrent
    transaction), so that a page shows the rule instead of a server error.
    """
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    triggers = {**GROUP_LIFETIME_TRIGGERS, **(triggers or {})}
    if name in triggers:
        return ValidationError(triggers[name], code=name)
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return ValidationError(constraint.get_violation_error_message(), code=name)
    return None


def save_checked(obj, triggers: dict | None = None, **kwargs) -> None:
    """Save in a savepoint and turn a database refusal into a ValidationError.

    `triggers` maps the constraint name a trigger raises with to its message.
    """
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError as exc:
        if (refusal := database_refusal(exc, type(obj), triggers)) is None:
            raise
        raise refusal from exc


def membership_state(membership: Membership) -> dict:
    """What the history keeps of a membership, readable without joins years later."""
    return {
        "person_id": membership.person_id,
        "person": membership.person.full_name,
        "role": membership.role,
        "represents": str(membership.represents) if membership.represents else None,
        "start_date": membership.start_date.isoformat() if membership.start_date else None,
        "end_date": membership.end_date.isoformat() if membership.end_date else None,
    }


def lock_roster(group: Group, expected_version: int | None) -> Group:
    """Lock the group row for this transaction and refuse a stale edit.

    The lock serialises writers of one roster, so the overlap rules in Membership.clean() see each
    other's rows; the version check turns a lost update into a clear refusal.
    """
    locked = Group.objects.select_for_update().get(pk=group.pk)
    if expected_version is not None and locked.roster_version != expected_version:
        raise RosterConflict(
            list(
                RosterChange.objects.filter(group=locked, version__gt=expected_version)
                .exclude(action=RosterChange.Action.REMINDED)
                .order_by("version", "pk")
            )
        )
    return locked


def _record(
    group: Group,
    action: str,
    summary: str,
    *,
    by=None,
    membership: Membership | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> RosterChange:
    group.roster_version += 1
    Group.objects.filter(pk=group.pk).update(roster_version=group.roster_version)
    return RosterChange.objects.create(
        group=group,
        version=group.roster_version,
        action=action,
        membership=membership,
        actor=acting_user(by),
        summary=summary[:500],
        before=before,
        after=after,
    )


def acting_user(by):
    """The acting user to record, or None for loaders, tasks and anonymous callers."""
    return by if getattr(by, "is_authenticated", False) else None


def require_perm(by, perm: str, obj=None) -> None:
    """Users are asked the rule (`by.has_perm(perm, obj)`); loaders and tasks (by=None) are not.
    A refusal is a ValidationError with code "forbidden", so forms show it like any other."""
    if by is not None and not by.has_perm(perm, obj):
        raise ValidationError(_("Du har inte behörighet att göra det här."), code="forbidden")


def _stored_text(template: str, **params) -> str:
    """History is stored text: always in the site language, whatever the editor's UI language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(template) % params


def _describe(membership: Membership) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(person)s som %(role)s") % {
            "person": membership.person.full_name,
            "role": membership.get_role_display().lower(),
        }
        if membership.represents:
            text += _(" (företräder %(what)s)") % {"what": membership.represents}
    return text


@transaction.atomic
def membership_create(
    *,
    person: Person,
    group: Group,
    role: str = Role.MEMBER,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    represents=None,
    note: str = "",
    by=None,
    expected_version: int | None = None,
    action: str = RosterChange.Action.ADDED,
) -> Membership:
    check_dates_in_range(start_date=start_date, end_date=end_date)
    group = lock_roster(group, expected_version)
    save_new_person(person)
    membership = Membership(person=person, group=group, role=role, start_date=start_date, end_date=end_date, note=note)
    _set_represents(membership, represents)
    membership.full_clean()
    save_checked(membership)
    _record(
        group,
        action,
        _stored_text(
            gettext_noop("Lade till %(who)s från %(start)s."),
            who=_describe(membership),
            start=start_date.isoformat(),
        ),
        by=by,
        membership=membership,
        after=membership_state(membership),
    )
    registry.person_added_to_roster(person, membership, by)
    return membership


@transaction.atomic
def memberships_bulk_create(
    memberships: list[Membership],
    *,
    summary: str,
    by=None,
    action: str = RosterChange.Action.IMPORTED,
) -> list[Membership]:
    """Write many memberships at once (loaders, the demo): a few queries instead of thousands,
    with the roster's history kept as everywhere else — one RosterChange per group, saying
    `summary`, and the group's roster_version bumped, in the same transaction.

    The groups are locked (in id order, so two bulk writes cannot deadlock). Each membership is
    checked by its clean() (period, group lifetime, one holder at a time against saved rows); the
    rest — overlaps within the batch, unique keys, triggers — the database refuses, as a
    ValidationError. Per-row field validation is left to the database: it would cost a query
    per foreign key and row."""
    if not memberships:
        return []
    groups = {}
    for group in Group.objects.select_for_update().filter(pk__in={m.group_id for m in memberships}).order_by("pk"):
        groups[group.pk] = group
    for membership in memberships:
        membership.group = groups[membership.group_id]
        membership.clean()
    try:
        with transaction.atomic():
            created = Membership.objects.bulk_create(memberships)
    except IntegrityError as exc:
        if (refusal := database_refusal(exc, Membership)) is None:
            raise
        raise refusal from exc
    for group in groups.values():
        _record(group, action, summary, by=by)
    return created


def save_new_person(person: Person) -> None:
    """A person typed into a roster form is saved in the same transaction as the membership."""
    if person.pk is None:
        person.full_clean()
        save_checked(person)


def _set_represents(membership: Membership, represents) -> None:
    field = {
        HealthcareRegion: "represents_healthcare_region",
        Region: "represents_region",
        Municipality: "represents_municipality",
        Organisation: "represents_organisation",
    }.get(type(represents))
    if represents is not None and field is None:
        raise TypeError(f"Cannot represent {type(represents).__name__}")
    if field:
        setattr(membership, field, represents)


@transaction.atomic
def membership_end(
    *, membership: Membership, end_date: datetime.date, by=None, expected_version: int | None = None
) -> Membership:
    """End a mandate on `end_date` (inclusive). The row stays as history."""
    check_dates_in_range(end_date=end_date)
    lock_roster(membership.group, expected_version)
    membership = Membership.objects.select_related("person", "group").get(pk=membership.pk)
    before = membership_state(membership)
    membership.end_date = end_date
    membership.full_clean()
    save_checked(membership, update_fields=["end_date", "updated_at"])
    _record(
        membership.group,
        RosterChange.Action.ENDED,
        _stored_text(
            gettext_noop("Avslutade %(who)s per %(end)s."), who=_describe(membership), end=end_date.isoformat()
        ),
        by=by,
        membership=membership,
        before=before,
        after=membership_state(membership),
    )
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, by=None, expected_version: int | None = None, **changes) -> Membership:
    """Correct a membership's details (role, what it represents, period, note), with history.

    For a change of person use membership_replace: a seat changing hands is succession, not a
    correction.
    """
    allowed = {
        "role",
        "start_date",
        "end_date",
        "note",
        "represents_healthcare_region",
        "represents_region",
        "represents_municipality",
        "represents_organisation",
    }
    if unknown := set(changes) - allowed:
        raise TypeError(f"membership_update cannot change {sorted(unknown)}")
    check_dates_in_range(**{k: v for k, v in changes.items() if k in ("start_date", "end_date")})
    group = lock_roster(membership.group, expected_version)
    current = Membership.objects.select_related("person").get(pk=membership.pk)
    before = membership_state(current)
    for field, value in changes.items():
        setattr(current, field, value)
    current.full_clean()
    save_checked(current)
    after = membership_state(current)
    if after != before:
        _record(
            group,
            RosterChange.Action.CHANGED,
            _stored_text(gettext_noop("Ändrade uppgifterna för %(who)s."), who=_describe(current)),
            by=by,
            membership=current,
            before=before,
            after=after,
        )
    return current


@transaction.atomic
def membership_replace(
    *,
    membership: Membership,
    successor: Person,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    by=None,
    expected_version: int | None = None,
) -> Membership:
    """Succession: the sitting member leaves the day before the successor starts; both rows stay.

    The successor takes the same role and represents the same thing (a seat, not a person).
    """
    check_dates_in_range(start_date=start_date, end_date=end_date)
    group = lock_roster(membership.group, expected_version)
    old = Membership.objects.select_related("person").get(pk=membership.pk)
    if old.start_date and start_date <= old.start_date:
        raise ValidationError({"start_date": _("Efterträdaren måste börja efter att det nuvarande uppdraget började.")})
    before = membership_state(old)
    save_new_person(successor)
    old.end_date = start_date - datetime.timedelta(days=1)
    old.full_clean()
    save_checked(old, update_fields=["end_date", "updated_at"])
    new = Membership(
        person=successor,
        group=group,
        role=old.role,
        start_date=start_date,
        end_date=end_date,
        represents_healthcare_region=old.represents_healthcare_region,
        represents_region=old.represents_region,
        represents_municipality=old.represents_municipality,
        represents_organisation=old.represents_organisation,
    )
    new.full_clean()
    save_checked(new)
    _record(
        group,
        RosterChange.Action.REPLACED,
        _stored_text(
            gettext_noop("Ersatte %(old)s med %(new)s från %(start)s."),
            old=_describe(old),
            new=successor.full_name,
            start=start_date.isoformat(),
        ),
        by=by,
        membership=new,
        before=before,
        after=membership_state(new),
    )
    registry.person_added_to_roster(successor, new, by)
    return new


class ReminderRefused(ValidationError):
    pass


@transaction.atomic
def reminder_request(*, group: Group, membership: Membership, subject: str, about: str, by) -> RosterChange:
    """Ask for a reminder to a member about something the roster lacks (`subject`: the composition
    finding's code, e.g. "javsdeklaration_saknas"; `about`: its message).

    THE one entry point for reminders from the roster editor. Today it records the request in
    the roster's history (a RosterChange of action REMINDED, at the current version: a reminder
    changes nothing in the roster, so no editor's open form goes stale). The reminder engine
    sends it: notices/reminders.py's RequestedReminder kind reads these rows at its next planning
    run. This function sends nothing itself. One request per member, subject and day: a second
    one the same day is refused."""
    group = Group.objects.select_for_update().get(pk=group.pk)  # serialises two clicks on Påminn
    if membership.group_id != group.pk:
        raise ReminderRefused(_("Uppdraget hör inte till den här gruppen."), code="other_group")
    person = membership.person
    already = RosterChange.objects.filter(
        group=group,
        action=RosterChange.Action.REMINDED,
        at__date__gte=today(),
        after__person_id=person.pk,
        after__subject=subject,
    )
    if already.exists():
        raise ReminderRefused(
            _("En påminnelse till %(name)s om detta är redan registrerad i dag.") % {"name": person.full_name},
            code="already_reminded",
        )
    change = RosterChange.objects.create(
        group=group,
        version=group.roster_version,
        action=RosterChange.Action.REMINDED,
        # No foreign key to the membership: a reminder must not stop an import's undo from
        # removing a membership it created.
        membership=None,
        actor=acting_user(by),
        summary=_stored_text(
            gettext_noop("Påminnelse begärd till %(who)s: %(about)s"), who=person.full_name, about=about
        )[:500],
        after={
            "membership_id": membership.pk,
            "person_id": person.pk,
            "person": person.full_name,
            "subject": subject,
        },
    )
    return change


@transaction.atomic
def hosting_transfer(
    *,
    group: Group,
    host: HealthcareRegion | Organisation,
    start_date: datetime.date,
    kind: str = HostingKind.HOST,
    source: str = "",
    by=None,
) -> Hosting:
    """Move a group's (dormant) hosting to a new host from `start_date`; the old one is ended.

    `by` (the acting user, None for loaders) is stored on the new hosting row."""
    check_dates_in_range(start_date=start_date)
    Group.objects.select_for_update().filter(pk=group.pk).first()
    for current in Hosting.objects.filter(group=group, kind=kind, end_date__isnull=True):
        if current.host == host:
            raise ValidationError(_("%(host)s är redan värd för gruppen.") % {"host": host})
        if current.start_date and start_date <= current.start_date:
            raise ValidationError(
                {
                    "start_date": _("Det nya värdskapet måste börja efter att det nuvarande började (%(start)s).")
                    % {"start": current.start_date.isoformat()}
                }
            )
        current.end_date = start_date - datetime.timedelta(days=1)
        current.full_clean()
        save_checked(current, update_fields=["end_date"])
    hosting = Hosting(group=group, kind=kind, start_date=start_date, source=source, created_by=acting_user(by))
    if isinstance(host, HealthcareRegion):
        hosting.healthcare_region = host
    else:
        hosting.organisation = host
    hosting.full_clean()
    save_checked(hosting)
    return hosting


@transaction.atomic
def group_rename(*, group: Group, name: str, effective: datetime.date | None = None, note: str = "", by=None) -> Group:
    """Rename a group and keep the old name, with who recorded the change, in its history."""
    effective = effective or today()
    check_dates_in_range(effective=effective)
    Group.objects.select_for_update().filter(pk=group.pk).first()
    if name == group.name:
        return group
    GroupName.objects.get_or_create(
        group=group,
        name=group.name,
        defaults={"used_until": effective - datetime.timedelta(days=1), "note": note, "recorded_by": acting_user(by)},
    )
    group.name = name
    group.full_clean()
    save_checked(group, update_fields=["name"])
    return group


@transaction.atomic
def group_update(*, group: Group, by=None, **changes) -> Group:
    """Change a group's other fields (description, kind, region, note …); a new name goes through
    group_rename, which keeps the former one. `by` is recorded by the audit log's context."""
    if "name" in changes:
        raise TypeError("group_update cannot rename: use group_rename")
    group = Group.objects.select_for_update().get(pk=group.pk)
    for key, value in changes.items():
        setattr(group, key, value)
    group.full_clean()
    save_checked(group, update_fields=list(changes))
    return group


class ImportRefused(ValidationError):
    """Some rows of an import were refused by the rules; nothing was written.

    `rows` pairs each refused row's line number in the file with its messages."""

    def __init__(self, rows: list[tuple[int, list[str]]]):
        self.rows = rows
        super().__init__([message for _line, messages in rows for message in messages], code="import_refused")


@transaction.atomic
def _roster_import(group, additions, endings, summary, by, expected_version, new_people) -> RosterChange:
    group = lock_roster(group, expected_version)
    refused: list[tuple[int, list[str]]] = []
    created, ended = [], []
    for line, person, fields in additions:
        try:
            with transaction.atomic():
                if person.pk is None:
                    save_new_person(person)
                    new_people.append(person)
                represents = fields.get("represents")
                membership = Membership(
                    person=person, group=group, **{k: v for k, v in fields.items() if k != "represents"}
                )
                _set_represents(membership, represents)
                membership.full_clean()
                save_checked(membership)
            created.append(membership)
        except ValidationError as exc:
            refused.append((line, exc.messages))
    for line, membership, end_date in endings:
        current = Membership.objects.select_related("person").get(pk=membership.pk, group=group)
        before = membership_state(current)
        current.end_date = end_date
        try:
            with transaction.atomic():
                current.full_clean()
                save_checked(current, update_fields=["end_date", "updated_at"])
            ended.append((before, current))
        except ValidationError as exc:
            refused.append((line, exc.messages))
    if refused:
        raise ImportRefused(sorted(refused))
    for membership in created:
        registry.person_added_to_roster(membership.person, membership, by)
    return _record(
        group,
        RosterChange.Action.IMPORTED,
        summary,
        by=by,
        before={"ended": [{"id": m.pk, **state} for state, m in ended]},
        after={
            "created": [{"id": m.pk, **membership_state(m)} for m in created],
            "ended": [{"id": m.pk, **membership_state(m)} for _state, m in ended],
            "created_people": [p.pk for p in new_people],
        },
    )


def roster_import(
    *,
    group: Group,
    additions: list[tuple[int, Person, dict]],
    endings: list[tuple[int, Membership, datetime.date]],
    summary: str,
    by=None,
    expected_version: int | None = None,
) -> RosterChange:
    """Write an import as ONE change in the roster's history, all or nothing.

    `additions` are (line, person, fields for the Membership, with `represents`); `endings` are
    (line, membership, end date). Every row is checked against the rules with the roster locked;
    if any is refused, ImportRefused lists them all and nothing is written. The RosterChange
    keeps what roster_import_undo needs: the created memberships and people, and the ended
    memberships' states before and after."""
    new_people: list[Person] = []
    try:
        return _roster_import(group, additions, endings, summary, by, expected_version, new_people)
    except ValidationError:
        for person in new_people:  # rolled back
            person.pk = None
            person._state.adding = True
        raise


def _undoable(change: RosterChange) -> bool:
    return (
        change.action == RosterChange.Action.IMPORTED and isinstance(change.after, dict) and "created" in change.after
    )


def import_undoable(change: RosterChange, group: Group) -> bool:
    """May the history page offer "Ångra importen" for this change (without asking the database)?"""
    return _undoable(change) and change.version == group.roster_version


@transaction.atomic
def roster_import_undo(change: RosterChange, by=None) -> RosterChange:
    """Revert exactly one import batch, as one change in the history.

    Only the roster's latest change can be undone (nothing has been built on it since), and only
    if the memberships it created or ended are as the import left them: the created ones are
    deleted (with the people the import created, if nothing else refers to them), the ended ones
    get their former end date back."""
    group = lock_roster(change.group, None)
    if not _undoable(change):
        raise ValidationError(_("Den här ändringen är ingen import som kan ångras."), code="not_undoable")
    if change.version != group.roster_version:
        raise ValidationError(
            _("Bara den senaste ändringen av ledamotslistan kan ångras. Listan har ändrats efter importen."),
            code="not_latest",
        )
    touched = _("Importen kan inte ångras: %(who)s har ändrats efter importen.")
    created_states = change.after["created"]
    ended_states = {state["id"]: state for state in change.after.get("ended", [])}
    before_states = {state["id"]: state for state in (change.before or {}).get("ended", [])}
    memberships = Membership.objects.select_related("person").in_bulk(
        [s["id"] for s in created_states] + list(ended_states)
    )
    for state in [*created_states, *ended_states.values()]:
        membership = memberships.get(state["id"])
        if membership is None or {**membership_state(membership), "id": membership.pk} != state:
            raise ValidationError(touched % {"who": state["person"]}, code="touched")
    for state in created_states:
        try:
            with transaction.atomic():
                memberships[state["id"]].delete()
        except (ProtectedError, IntegrityError):
            raise ValidationError(touched % {"who": state["person"]}, code="touched") from None
    for pk, state in before_states.items():
        membership = memberships[pk]
        membership.end_date = datetime.date.fromisoformat(state["end_date"]) if state["end_date"] else None
        membership.full_clean()
        save_checked(membership, update_fields=["end_date", "updated_at"])
    for person in Person.objects.filter(pk__in=change.after.get("created_people", [])):
        if not Membership.objects.filter(person=person).exists():
            try:
                with transaction.atomic():
                    person.delete()
            except (ProtectedError, IntegrityError):
                pass  # someone refers to the person now: keep them
    return _record(
        group,
        RosterChange.Action.CHANGED,
        _stored_text(
            gettext_noop(
                "Ångrade importen (version %(version)s): %(created)s tillagda uppdrag togs bort och "
                "%(ended)s avslutade uppdrag återställdes."
            ),
            version=change.version,
            created=len(created_states),
            ended=len(before_states),
        ),
        by=by,
        before=change.after,
        after={"undid": change.version, **(change.before or {})},
    )
