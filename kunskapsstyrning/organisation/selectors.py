"""Reads of the shared structure, shaped so that each page costs a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, JSONObject, NullIf
from django.utils.translation import gettext_lazy

from .choices import DIRECTORY_KINDS, ROLE_ORDER, GroupKind, HostingKind, RelationKind, Role
from .models import Group, GroupRelation, HealthcareRegion, Hosting, Membership, RosterSnapshotEntry
from .models.periods import active_on, is_active, today
from .ordering import swedish

LEADER_ROLES = (Role.CHAIR, Role.PROCESS_LEADER)


def _current_hostings(on: datetime.date) -> Prefetch:
    return Prefetch(
        "hostings",
        queryset=Hosting.objects.filter(active_on(on)).select_related("healthcare_region", "organisation"),
        to_attr="current_hostings",
    )


def outgoing_relations(on: datetime.date) -> Prefetch:
    """A group's relations on `on` to the groups above it (appointed by, covers, serves)."""
    return Prefetch(
        "relations_from",
        queryset=GroupRelation.objects.filter(active_on(on))
        .select_related("to_group")
        .order_by("kind", swedish("to_group__name")),
        to_attr="outgoing_relations",
    )


def _memberships(on: datetime.date, roles=None, *, upcoming_after: datetime.date | None = None) -> QuerySet[Membership]:
    when = active_on(on)
    if upcoming_after is not None:
        when |= Q(start_date__gt=upcoming_after)
    qs = Membership.objects.filter(when).select_related(
        "person",
        "represents_healthcare_region",
        "represents_region",
        "represents_municipality",
        "represents_organisation",
    )
    if roles is not None:
        qs = qs.filter(role__in=roles)
    return qs.order_by(swedish("person__last_name"), swedish("person__first_name"))


def directory_groups(queryset: QuerySet[Group] | None = None, *, on: datetime.date | None = None) -> QuerySet[Group]:
    """NPOs, NSGs and the primary-care council with current host, chair and process leader."""
    on = on or today()
    qs = queryset if queryset is not None else Group.objects.all()
    return (
        qs.filter(kind__in=DIRECTORY_KINDS)
        .prefetch_related(
            _current_hostings(on),
            # Only the person: the directory shows no "represents", so no joins for it.
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(active_on(on), role__in=LEADER_ROLES)
                .select_related("person")
                .order_by(swedish("person__last_name"), swedish("person__first_name")),
                to_attr="leaders",
            ),
        )
        .order_by("kind", swedish("name"))
    )


def group_detail_queryset(
    *, on: datetime.date | None = None, upcoming_after: datetime.date | None = None
) -> QuerySet[Group]:
    """One group with everything its page shows, in a fixed number of queries.

    `current_memberships` are those active on `on`; with `upcoming_after`, the same query also
    brings the memberships starting after that day (a chair who takes over next year), so
    `current_memberships` then holds both and the caller tells them apart (`split_upcoming`)."""
    on = on or today()
    memberships = _memberships(on)
    if upcoming_after is not None:
        memberships = _memberships(on, upcoming_after=upcoming_after)
    return Group.objects.select_related("healthcare_region", "region", "mirror_of").prefetch_related(
        Prefetch(
            "hostings",
            queryset=Hosting.objects.select_related("healthcare_region", "organisation").order_by(
                "kind", "-start_date"
            ),
        ),
        Prefetch("memberships", queryset=memberships, to_attr="current_memberships"),
        "former_names",
        outgoing_relations(on),
        Prefetch(
            "relations_to",
            queryset=GroupRelation.objects.filter(active_on(on))
            .select_related("from_group__region")
            .order_by("kind", "from_group__kind", swedish("from_group__name")),
            to_attr="incoming_relations",
        ),
        Prefetch(
            "mirrors",
            queryset=Group.objects.select_related("healthcare_region").order_by("healthcare_region__sort_order"),
        ),
        Prefetch(
            "snapshots__entries",
            queryset=RosterSnapshotEntry.objects.select_related("person").order_by("role"),
        ),
    )


def directory_rows(queryset: QuerySet[Group] | None = None, *, on: datetime.date | None = None) -> QuerySet:
    """The directory's table in one query of plain values: each NPO, NSG and the primary-care
    council with its current hosts and its current chairs and process leaders, as JSON arrays.

    Values, not model instances, and the hosts and leaders as correlated subqueries: the page
    lists every such group (ten times the real volume is 341), so a prefetch of memberships
    (a join over every person) and a model instance per row cost more than the page itself."""
    on = on or today()
    qs = queryset if queryset is not None else Group.objects.all()
    hosts = (
        Hosting.objects.filter(active_on(on), group=OuterRef("pk"))
        .order_by("kind", "start_date")
        .values(
            json=JSONObject(
                kind="kind",
                region="healthcare_region__name",
                region_slug="healthcare_region__slug",
                # Organisation.__str__: the short name, or the name.
                organisation=Coalesce(NullIf("organisation__short_name", Value("")), "organisation__name"),
            )
        )
    )
    people = (
        Membership.objects.filter(active_on(on), role__in=LEADER_ROLES, group=OuterRef("pk"))
        .order_by(swedish("person__last_name"), swedish("person__first_name"))
        .values(
            json=JSONObject(
                role="role",
                first_name="person__first_name",
                last_name="person__last_name",
                is_demo="person__is_demo",
                email="person__email",
            )
        )
    )
    return (
        qs.filter(kind__in=DIRECTORY_KINDS)
        .order_by("kind", swedish("name"))
        .values("pk", "kind", "name", "slug")
        .annotate(hosts=ArraySubquery(hosts), leaders=ArraySubquery(people))
    )


@dataclass(frozen=True, slots=True)
class NamedPerson:
    """A person as a list shows them (name, demo badge, e-mail when allowed), without a model."""

    first_name: str
    last_name: str
    is_demo: bool
    email: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class RoleSection:
    role: Role
    memberships: list[Membership]


def roster_by_role(memberships: list[Membership]) -> list[RoleSection]:
    """Group current memberships by role, in the order a roster is read."""
    by_role: dict[str, list[Membership]] = {}
    for membership in memberships:
        by_role.setdefault(membership.role, []).append(membership)
    return [RoleSection(Role(role), by_role[role]) for role in ROLE_ORDER if role in by_role]


def split_upcoming(rows: list, *, on: datetime.date, after: datetime.date) -> tuple[list, list]:
    """Rows (memberships or hostings) active on `on`, and those starting after `after` that are
    not: what a page shows as "från och med <datum>"."""
    current, upcoming = [], []
    for row in rows:
        if is_active(row, on):
            current.append(row)
        elif row.start_date and row.start_date > after:
            upcoming.append(row)
    return current, upcoming


def leaders(group: Group) -> dict[str, list]:
    """Chair and process leader of a group prefetched with `directory_groups`."""
    result: dict[str, list] = {Role.CHAIR: [], Role.PROCESS_LEADER: []}
    for membership in group.leaders:
        result[membership.role].append(membership.person)
    return result


def healthcare_region_detail_queryset() -> QuerySet[HealthcareRegion]:
    return HealthcareRegion.objects.prefetch_related("regions", "former_names")


def hosted_by(healthcare_region: HealthcareRegion, *, on: datetime.date | None = None) -> QuerySet[Hosting]:
    """Current hostings and dormant hostings held by a sjukvårdsregion."""
    return (
        Hosting.objects.filter(active_on(on or today()), healthcare_region=healthcare_region)
        .select_related("group")
        .only("kind", "group__name", "group__slug")  # what the page shows: a long list, no more
        .order_by("kind", swedish("group__name"))
    )


def regional_groups(healthcare_region: HealthcareRegion) -> QuerySet[Group]:
    """RPOs, RSGs and RAGs of a sjukvårdsregion with the national group each mirrors."""
    return (
        Group.objects.active()
        .filter(
            healthcare_region=healthcare_region,
            kind__in=(GroupKind.RPO, GroupKind.RSG, GroupKind.RAG),
        )
        .select_related("mirror_of")
        .only("kind", "name", "slug", "mirror_of__name")  # what the page shows: a long list, no more
        .order_by("kind", swedish("name"))
    )


def current_host(group: Group) -> Hosting | None:
    for hosting in getattr(group, "current_hostings", []):
        if hosting.kind == HostingKind.HOST:
            return hosting
    return None


def current_dormant_host(group: Group) -> Hosting | None:
    for hosting in getattr(group, "current_hostings", []):
        if hosting.kind == HostingKind.DORMANT:
            return hosting
    return None


def upcoming_and_current_memberships(group: Group, *, on: datetime.date) -> QuerySet[Membership]:
    """What an editor works on: memberships not yet ended on `on`, including ones starting later."""
    return (
        Membership.objects.filter(group=group)
        .exclude(end_date__lt=on)
        .select_related(
            "person",
            "represents_healthcare_region",
            "represents_region",
            "represents_municipality",
            "represents_organisation",
        )
        .order_by(swedish("person__last_name"), swedish("person__first_name"))
    )


def person_assignments(person, *, on: datetime.date | None = None) -> QuerySet[Membership]:
    """All of a person's memberships, each group with its current process leader(s) prefetched."""
    on = on or today()
    return (
        Membership.objects.filter(person=person)
        .select_related(
            "group",
            "represents_healthcare_region",
            "represents_region",
            "represents_municipality",
            "represents_organisation",
        )
        .prefetch_related(
            Prefetch(
                "group__memberships",
                queryset=Membership.objects.filter(active_on(on), role=Role.PROCESS_LEADER).select_related("person"),
                to_attr="process_leaders",
            )
        )
        .order_by("-start_date", swedish("group__name"))
    )


def current_memberships(group: Group, *, on: datetime.date) -> QuerySet[Membership]:
    """A group's roster on one day, people and what they represent joined in."""
    return _memberships(on).filter(group=group)


def national_groups_with_mirrors(queryset: QuerySet[Group], *, on: datetime.date | None = None) -> QuerySet[Group]:
    """National groups with host, leaders and their active mirrors in the sjukvårdsregioner (three queries)."""
    return directory_groups(queryset, on=on).prefetch_related(
        Prefetch(
            "mirrors",
            queryset=Group.objects.active().only("pk", "slug", "name", "mirror_of_id", "healthcare_region_id"),
            to_attr="active_mirrors",
        )
    )


@dataclass(frozen=True)
class FieldChange:
    """One field of a membership before and after a change ("" where it had no value)."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class MembershipDiff:
    """What one change did to one membership: added, ended, changed or removed, field by field."""

    person: str
    kind: str  # "added", "changed" or "removed"
    fields: list[FieldChange]


#: The membership fields the history compares, in reading order (membership_state's keys).
DIFF_FIELDS = (
    ("person", gettext_lazy("Person")),
    ("role", gettext_lazy("Roll")),
    ("represents", gettext_lazy("Företräder")),
    ("start_date", gettext_lazy("Mandat från")),
    ("end_date", gettext_lazy("Mandat till")),
)


def _shown(key: str, value) -> str:
    if value in (None, ""):
        return ""
    if key == "role":
        try:
            return str(Role(value).label)
        except ValueError:  # a role since removed from the choices: show what was stored
            return str(value)
    return str(value)


def _diff(before: dict | None, after: dict | None) -> MembershipDiff | None:
    before, after = before or {}, after or {}
    kind = "added" if not before else "removed" if not after else "changed"
    fields = [
        FieldChange(str(label), _shown(key, before.get(key)), _shown(key, after.get(key)))
        for key, label in DIFF_FIELDS
        if _shown(key, before.get(key)) != _shown(key, after.get(key))
    ]
    if not fields:
        return None
    return MembershipDiff(person=(after or before).get("person", ""), kind=kind, fields=fields)


def _is_state(value) -> bool:
    return isinstance(value, dict) and "role" in value


def roster_change_diff(change) -> list[MembershipDiff]:
    """Before and after of a RosterChange, per membership and field, from what the roster services
    stored on it (RosterChange.before/after: membership_state dicts, or an import's lists). No
    query. A change written without states (a loader's bulk batch) has none: its summary says it."""
    before, after = change.before, change.after
    diffs: list[MembershipDiff | None] = []
    if change.action == "reminded":  # a request, not a change: its summary says it all
        return []
    if _is_state(before) or _is_state(after):
        if change.action == "replaced" and _is_state(before) and _is_state(after) and after.get("start_date"):
            # Succession: the sitting member ends the day before the successor starts.
            ended = datetime.date.fromisoformat(after["start_date"]) - datetime.timedelta(days=1)
            diffs += [_diff(before, {**before, "end_date": ended.isoformat()}), _diff(None, after)]
        else:
            diffs.append(_diff(before if _is_state(before) else None, after if _is_state(after) else None))
    elif isinstance(before, dict) or isinstance(after, dict):
        before, after = before or {}, after or {}
        if "undid" in after:  # undoing an import: what it created is removed, what it ended restored
            diffs += [_diff(state, None) for state in before.get("created", [])]
            restored = {state.get("id"): state for state in after.get("ended", [])}
            diffs += [_diff(state, restored.get(state.get("id"))) for state in before.get("ended", [])]
        else:  # an import: created and ended memberships
            diffs += [_diff(None, state) for state in after.get("created", [])]
            previous = {state.get("id"): state for state in before.get("ended", [])}
            diffs += [_diff(previous.get(state.get("id")), state) for state in after.get("ended", [])]
    return [d for d in diffs if d is not None]


def npos_of_local_groups(group_ids, *, on: datetime.date | None = None) -> dict[int, set[int]]:
    """The NPOs each local group (LPO or LAG, by id) works for on the day: an LPO's covered NPOs,
    a LAG's served NPOs and those its appointing LPO covers. Two queries at most, whatever the
    number of groups; a group that works for no NPO is left out. The one walk of those relations
    that the apps' regional rules (supplements, a region's report on a vårdförlopp) build on."""
    on = on or today()
    group_ids = set(group_ids)
    npos_of: dict[int, set[int]] = {}
    if not group_ids:
        return npos_of
    appointed_by: dict[int, set[int]] = {}  # an appointing LPO -> the LAGs it appointed
    for from_id, kind, to_id, to_kind in GroupRelation.objects.filter(
        active_on(on), from_group_id__in=group_ids
    ).values_list("from_group_id", "kind", "to_group_id", "to_group__kind"):
        if kind in (RelationKind.COVERS, RelationKind.SERVES) and to_kind == GroupKind.NPO:
            npos_of.setdefault(from_id, set()).add(to_id)
        elif kind == RelationKind.APPOINTED_BY and to_kind == GroupKind.LPO:
            appointed_by.setdefault(to_id, set()).add(from_id)
    if appointed_by:
        for lpo_id, npo_id in GroupRelation.objects.filter(
            active_on(on), from_group_id__in=appointed_by, kind=RelationKind.COVERS, to_group__kind=GroupKind.NPO
        ).values_list("from_group_id", "to_group_id"):
            for lag_id in appointed_by[lpo_id]:
                npos_of.setdefault(lag_id, set()).add(npo_id)
    return npos_of
