"""Composition checks: is a group staffed the way the system's rules say?

The rules per kind of group are the table RULES below: data, not ifs spread through views.
Apps above the structure add rules of their own through the registry (the declarations app adds
"every member has a current declaration"). Each rule looks at a GroupState (a group's current
and upcoming memberships, the sjukvårdsregioner, and what rules loaded for themselves) and
returns findings. `composition_findings` builds the states for many groups at once in a fixed
number of queries: a rule that needs more data has `load(person_ids, on)`, called once per call.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .choices import Gender, GroupKind, Role
from .models import Group, HealthcareRegion, Membership
from .models.periods import active_on, is_active
from .registry import registry


class Severity(models.TextChoices):
    ERROR = "fel", gettext_lazy("Brist")
    WARNING = "varning", gettext_lazy("Varning")
    NOTICE = "info", gettext_lazy("Att göra")


class Fix(models.TextChoices):
    """What the roster editor offers next to a finding: the action that remedies it."""

    ADD = "lagg_till", gettext_lazy("Lägg till")
    REPLACE = "ersatt", gettext_lazy("Ersätt")
    END = "avsluta", gettext_lazy("Ange slutdatum")
    REMIND = "paminn", gettext_lazy("Påminn")


@dataclass(frozen=True)
class Finding:
    """One thing a rule found. `members` are the memberships it is about (linked to their rows on
    the roster editor); `fix` is the action that remedies it, per member where there are members,
    else for the group (ADD with `role`: the add form with that role chosen)."""

    code: str
    severity: str
    message: str
    members: tuple[Membership, ...] = ()
    fix: str = ""
    role: str = ""


@dataclass
class GroupState:
    group: Group
    on: datetime.date
    memberships: list[Membership]  # current on `on`
    healthcare_regions: list[HealthcareRegion] = field(default_factory=list)
    upcoming: list[Membership] = field(default_factory=list)  # starting after `on`: successors
    #: What each rule with a `load` method loaded, keyed by the rule's class.
    loaded: dict[type, object] = field(default_factory=dict)

    def holders(self, role: str) -> list[Membership]:
        return [m for m in self.memberships if m.role == role]


@dataclass(frozen=True)
class RoleFilled:
    """The group has someone in this role."""

    role: str
    severity: str = Severity.ERROR

    def check(self, state: GroupState) -> list[Finding]:
        if state.holders(self.role):
            return []
        return [
            Finding(
                f"saknar_{self.role}",
                self.severity,
                _("Gruppen saknar %(role)s.") % {"role": Role(self.role).label.lower()},
                fix=Fix.ADD,
                role=self.role,
            )
        ]


@dataclass(frozen=True)
class EveryHealthcareRegionRepresented:
    """One seat per sjukvårdsregion; a region's member counts for its sjukvårdsregion."""

    def check(self, state: GroupState) -> list[Finding]:
        represented = set()
        for m in state.memberships:
            if m.represents_healthcare_region_id:
                represented.add(m.represents_healthcare_region_id)
            elif m.represents_region_id:
                represented.add(m.represents_region.healthcare_region_id)
        return [
            Finding(
                "vakant_plats",
                Severity.ERROR,
                _("Vakant plats: ingen ledamot företräder sjukvårdsregion %(name)s.") % {"name": hr.name},
                fix=Fix.ADD,
                role=Role.MEMBER,
            )
            for hr in state.healthcare_regions
            if hr.pk not in represented
        ]


@dataclass(frozen=True)
class ChairTermLimit:
    """Since 2020 a chair serves at most three years, with no extension."""

    years: int = 3

    def check(self, state: GroupState) -> list[Finding]:
        findings = []
        for chair in state.holders(Role.CHAIR):
            end = chair.end_date or state.on
            limit = _add_years(chair.start_date, self.years)
            limit = limit - datetime.timedelta(days=1) if limit < datetime.date.max else limit
            if end > limit or chair.end_date is None and state.on > limit:
                params = {
                    "name": chair.person.full_name,
                    "start": chair.start_date.isoformat(),
                    "end": chair.end_date.isoformat() if chair.end_date else "",
                    "years": self.years,
                }
                message = (
                    _(
                        "Ordföranden %(name)s har mandat %(start)s–%(end)s, längre än %(years)s år "
                        "(regeln sedan 2020: högst tre år, ingen förlängning)."
                    )
                    if chair.end_date
                    else _(
                        "Ordföranden %(name)s har suttit sedan %(start)s, längre än %(years)s år "
                        "(regeln sedan 2020: högst tre år, ingen förlängning)."
                    )
                )
                findings.append(
                    Finding(
                        "ordforande_over_tre_ar", Severity.ERROR, message % params, members=(chair,), fix=Fix.REPLACE
                    )
                )
            elif chair.end_date is None:
                findings.append(
                    Finding(
                        "ordforande_utan_slutdatum",
                        Severity.WARNING,
                        _("Ordföranden %(name)s har inget slutdatum; mandatet får vara högst %(years)s år.")
                        % {"name": chair.person.full_name, "years": self.years},
                        members=(chair,),
                        fix=Fix.END,
                    )
                )
        return findings


def _add_years(day: datetime.date, years: int) -> datetime.date:
    if day.year + years > datetime.MAXYEAR:  # a typo such as 9999-01-01: never reached
        return datetime.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class GenderBalance:
    """Even gender balance: each gender between `low` and `high` per cent of the members."""

    low: int = 40
    high: int = 60
    minimum_known: int = 4

    def check(self, state: GroupState) -> list[Finding]:
        counted = [m for m in state.memberships if m.role != Role.PROCESS_LEADER]
        people = {m.person_id: m.person for m in counted}
        known = [p.gender for p in people.values() if p.gender]
        findings = []
        if len(people) - len(known):
            # Gender is a person's detail, corrected in the administration: no fix on the roster.
            unknown = {m.person_id: m for m in counted if not m.person.gender}
            findings.append(
                Finding(
                    "kon_okant",
                    Severity.NOTICE,
                    ngettext(
                        "Kön saknas för %(count)s ledamot; könsfördelningen kan inte bedömas helt.",
                        "Kön saknas för %(count)s ledamöter; könsfördelningen kan inte bedömas helt.",
                        len(people) - len(known),
                    )
                    % {"count": len(people) - len(known)},
                    members=tuple(unknown.values()),
                )
            )
        if len(known) >= self.minimum_known:
            women = round(100 * sum(g == Gender.WOMAN for g in known) / len(known))
            if not self.low <= women <= self.high:
                findings.append(
                    Finding(
                        "konsfordelning",
                        Severity.WARNING,
                        _(
                            "Könsfördelningen är %(women)s %% kvinnor och %(men)s %% övriga, "
                            "utanför %(low)s–%(high)s %%."
                        )
                        % {"women": women, "men": 100 - women, "low": self.low, "high": self.high},
                    )
                )
        return findings


@dataclass(frozen=True)
class MandatesEnding:
    """Mandates that end within `days`: time to nominate successors."""

    days: int = 90

    def check(self, state: GroupState) -> list[Finding]:
        horizon = min(state.on, datetime.date.max - datetime.timedelta(days=self.days)) + datetime.timedelta(
            days=self.days
        )
        successors = {(m.role, m.represents_healthcare_region_id) for m in state.upcoming}
        return [
            Finding(
                "mandat_slutar",
                Severity.NOTICE,
                _("Mandatet för %(name)s (%(role)s) slutar %(end)s.")
                % {"name": m.person.full_name, "role": m.get_role_display().lower(), "end": m.end_date.isoformat()},
                members=(m,),
                fix=Fix.REPLACE,
            )
            for m in state.memberships
            if m.end_date
            and state.on <= m.end_date <= horizon
            and (m.role, m.represents_healthcare_region_id) not in successors
        ]


_NATIONAL = (
    RoleFilled(Role.CHAIR),
    RoleFilled(Role.PROCESS_LEADER),
    EveryHealthcareRegionRepresented(),
    ChairTermLimit(years=3),
    GenderBalance(),
    MandatesEnding(days=90),
)

#: The rules per kind of group. A kind that is not listed is not checked.
RULES: dict[str, tuple] = {
    GroupKind.NPO: _NATIONAL,
    GroupKind.NSG: _NATIONAL,
    GroupKind.PRIMARY_CARE_COUNCIL: _NATIONAL,
    GroupKind.NAG: (
        RoleFilled(Role.CHAIR, Severity.WARNING),
        RoleFilled(Role.PATIENT_REPRESENTATIVE),
        EveryHealthcareRegionRepresented(),
        GenderBalance(),
        MandatesEnding(days=90),
    ),
    GroupKind.RPO: (RoleFilled(Role.CHAIR), MandatesEnding(days=90)),
    GroupKind.RSG: (RoleFilled(Role.CHAIR), MandatesEnding(days=90)),
    GroupKind.LPO: (RoleFilled(Role.CHAIR, Severity.WARNING), MandatesEnding(days=90)),
}


def rules_for(kind: str) -> list:
    """The structure's own rules for a kind, then those registered by other apps."""
    return [*RULES.get(kind, ()), *registry.rules_for(kind)]


def checked_kinds() -> list[str]:
    return [kind for kind in GroupKind if rules_for(kind)]


def composition_findings(
    groups: list[Group], *, on: datetime.date, memberships: list[Membership] | None = None
) -> dict[int, list[Finding]]:
    """Findings for each group, in a fixed number of queries however many groups and members there are.

    `memberships`: the groups' current and upcoming memberships with person and represents_region
    joined, where the caller has them already (the roster editor): one query fewer, and the
    findings point at the very rows the page shows."""
    rules = {group.kind: rules_for(group.kind) for group in groups}
    checked = [g for g in groups if rules[g.kind]]
    by_group: dict[int, list[Membership]] = defaultdict(list)
    if memberships is None:
        memberships = (
            Membership.objects.filter(active_on(on) | models.Q(start_date__gt=on), group__in=checked)
            .select_related("person", "represents_region")
            .order_by("person__last_name")
        )
    else:
        memberships = [m for m in memberships if is_active(m, on) or (m.start_date and m.start_date > on)]
    upcoming: dict[int, list[Membership]] = defaultdict(list)
    for m in memberships:
        (upcoming if m.start_date and m.start_date > on else by_group)[m.group_id].append(m)
    person_ids = {m.person_id for ms in by_group.values() for m in ms}
    loaders = {type(rule): rule for kind_rules in rules.values() for rule in kind_rules if hasattr(rule, "load")}
    loaded = {rule_type: rule.load(person_ids, on) for rule_type, rule in loaders.items()}
    healthcare_regions = list(HealthcareRegion.objects.all())
    result = {}
    for group in checked:
        state = GroupState(
            group=group,
            on=on,
            memberships=by_group[group.pk],
            healthcare_regions=healthcare_regions,
            upcoming=upcoming[group.pk],
            loaded=loaded,
        )
        result[group.pk] = [finding for rule in rules[group.kind] for finding in rule.check(state)]
    return result
