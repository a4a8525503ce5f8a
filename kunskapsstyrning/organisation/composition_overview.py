"""The composition overview as a precomputed aggregate (see aggregates.py).

The worker checks every active group of a checked kind (composition.py) after each roster change
and nightly, and stores per group its errors, warnings and findings, in every language of the
site (the findings are sentences). The overview page then reads one row and can sort worst-first
across all groups, filter and paginate without running a rule.
"""

from django.conf import settings
from django.db import models
from django.utils import translation

from . import aggregates
from .composition import Severity, checked_kinds, composition_findings
from .models import Group, Membership
from .models.periods import active_on, today
from .ordering import swedish

KIND = "organisation.composition"

#: Writes to these make the overview stale (apps above add theirs with aggregates.add_inputs:
#: declarations adds its declarations). RosterChange is written by every roster change, bulk
#: imports included, in the same transaction.
INPUTS = {
    "organisation.Membership",
    "organisation.RosterChange",
    "organisation.Person",
    "organisation.Group",
    "organisation.Hosting",
    "organisation.Region",
    "organisation.HealthcareRegion",
}


def compute(key: str = "") -> dict:
    """{"on": date, "order": [[id, errors, warnings], …] in the page's name order (kind, then
    Swedish name), "groups": {id: {name, short, hr_name, url, kind, findings: {language:
    [[severity, message], …]}}}}. The page reads "order" to filter, sort and paginate, then only
    its own groups' details (aggregates.read(only=…), aggregates.parts)."""
    on = today()
    groups = list(
        Group.objects.active()
        .filter(kind__in=checked_kinds())
        .select_related("healthcare_region")
        .order_by("kind", swedish("name"))
    )
    memberships = list(
        Membership.objects.filter(active_on(on) | models.Q(start_date__gt=on), group__in=[g.pk for g in groups])
        .select_related("person", "represents_region")
        .order_by("person__last_name")
    )
    by_language = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            by_language[code] = composition_findings(groups, on=on, memberships=memberships)
    first = settings.LANGUAGES[0][0]
    order, details = [], {}
    for g in groups:
        findings = by_language[first][g.pk]
        errors = sum(f.severity == Severity.ERROR for f in findings)
        warnings = sum(f.severity == Severity.WARNING for f in findings)
        order.append([g.pk, errors, warnings])
        details[str(g.pk)] = {
            "name": g.name,
            "short": g.short_name,
            "hr_name": g.healthcare_region.name if g.healthcare_region else "",
            "url": g.get_absolute_url(),
            "kind": g.kind,
            "findings": {
                code: [[f.severity, str(f.message)] for f in result[g.pk]] for code, result in by_language.items()
            },
        }
    return {"on": on.isoformat(), "order": order, "groups": details}


def register() -> None:
    aggregates.register(aggregates.AggregateKind(KIND, compute=compute, inputs=set(INPUTS)))


class Row:
    """A group's line on the overview, from the stored payload."""

    __slots__ = ("id", "name", "short_name", "healthcare_region", "url", "kind", "errors", "warnings", "findings")

    def __init__(self, pk: int, errors: int, warnings: int, data: dict, language: str) -> None:
        self.id = pk
        self.errors = errors
        self.warnings = warnings
        self.name = data.get("name", "")
        self.short_name = data.get("short", "")
        self.healthcare_region = data.get("hr_name", "")
        self.url = data.get("url", "")
        self.kind = data.get("kind", "")
        by_language = data.get("findings", {})
        self.findings = by_language.get(language) or next(iter(by_language.values()), [])

    @property
    def kind_label(self) -> str:
        from .choices import GroupKind

        return GroupKind(self.kind).label if self.kind in GroupKind.values else self.kind


#: The orders the overview offers: worst first (the default) or by name, as the snapshot lists them.
ORDERS = ("brister", "namn")


def read_order():
    """The stored aggregate with only its order list (`row.order`): one query."""
    return aggregates.read(KIND, only={"order": ("order",)})


def ordered(row, *, group_ids: set[int] | None, order: str = "brister") -> list[list[int]]:
    """[id, errors, warnings] of the groups in `group_ids` (the filters' result; None: all), worst
    first (most errors, then most warnings, then in name order) or in name order."""
    items = row.order or []
    if group_ids is not None:
        items = [item for item in items if item[0] in group_ids]
    if order != "namn":
        items = sorted(items, key=lambda item: (-item[1], -item[2]))  # stable: name order within
    return items


def rows(row, items: list[list[int]], *, whole_payload: dict | None = None) -> list[Row]:
    """The overview's lines for these [id, errors, warnings], with their details: read for just
    these groups (one query), or taken from `whole_payload` where the caller has it (the export)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if whole_payload is not None:
        details = whole_payload.get("groups", {})
    else:
        details = aggregates.parts(row, {str(item[0]): ("groups", str(item[0])) for item in items})
    return [Row(pk, errors, warnings, details.get(str(pk)) or {}, language) for pk, errors, warnings in items]
