"""What declarations add to the structure's pages, through its registry: a column of the roster
editor, a section of Mina uppdrag, a composition check and the demo declarations."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kunskapsstyrning.organisation import aggregates, composition_overview
from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.composition import Finding, Fix, GroupState, Severity
from kunskapsstyrning.organisation.models import Person
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.registry import DataSection, Panel, Pseudonymiser, RosterColumn, registry

from .models import InterestDeclaration


def _roster_cells(request, memberships, on: datetime.date) -> dict[int, InterestDeclaration]:
    """The newest current declaration of each member; `readable` says whether the user may open it
    (VIEW_DECLARATION), so the cell links only to what the detail page will show."""
    person_ids = {m.person_id for m in memberships}
    current = InterestDeclaration.objects.current(on).filter(person_id__in=person_ids)
    readable = set(current.visible_to(request.user).values_list("pk", flat=True))
    newest = {}
    for d in current.order_by("submitted_on", "pk"):  # the newest wins
        d.readable = d.pk in readable
        newest[d.person_id] = d
    return {m.pk: newest.get(m.person_id) for m in memberships}


@dataclass(frozen=True)
class CurrentDeclarations:
    """Every member has a current declaration of interests."""

    def load(self, person_ids: set[int], on: datetime.date) -> set[int]:
        return set(
            InterestDeclaration.objects.current(on).filter(person_id__in=person_ids).values_list("person_id", flat=True)
        )

    def check(self, state: GroupState) -> list[Finding]:
        declared = state.loaded[type(self)]
        undeclared = {m.person_id: m for m in state.memberships if m.person_id not in declared}  # one per person
        if not undeclared:
            return []
        missing = sorted(m.person.full_name for m in undeclared.values())
        return [
            Finding(
                "javsdeklaration_saknas",
                Severity.WARNING,
                _("Aktuell jävsdeklaration saknas för %(names)s.") % {"names": ", ".join(missing)},
                # The roster editor links each of them and offers "Påminn".
                members=tuple(sorted(undeclared.values(), key=lambda m: m.person.full_name)),
                fix=Fix.REMIND,
            )
        ]


def load_demo_declarations() -> None:
    """Declarations for every other demo member, so the checks show both states. No text is
    filed: a demo declaration declares no interests."""
    demo_people = Person.objects.filter(is_demo=True, memberships__isnull=False).distinct().order_by("pk")
    declared = set(InterestDeclaration.objects.filter(person__is_demo=True).values_list("person_id", flat=True))
    InterestDeclaration.objects.bulk_create(
        InterestDeclaration(
            person=person, form="standard", has_interests=False, submitted_on=today() - datetime.timedelta(days=30)
        )
        for person in list(demo_people)[::2]
        if person.pk not in declared
    )


registry.roster_columns.append(
    RosterColumn(
        header=gettext_lazy("Jävsdeklaration"), template_name="declarations/_roster_cell.html", load=_roster_cells
    )
)
registry.add_personal_panel(
    Panel(template_name="declarations/_personal_panel.html", context=lambda request, person: {}, order=10)
)
registry.add_composition_rule(
    (GroupKind.NPO, GroupKind.NSG, GroupKind.PRIMARY_CARE_COUNCIL, GroupKind.NAG, GroupKind.RPO, GroupKind.RSG),
    CurrentDeclarations(),
)
# The rule reads declarations: filing one makes the precomputed composition overview stale.
aggregates.add_inputs(composition_overview.KIND, ["declarations.InterestDeclaration"])
registry.demo_loaders.append(load_demo_declarations)


def _personal_data(person: Person) -> list[DataSection]:
    """The person's declarations of interests, for the registerutdrag."""
    rows = [
        {
            "form": d.get_form_display(),
            "submitted_on": d.submitted_on.isoformat(),
            "valid_until": d.valid_until.isoformat(),
            "has_interests": d.has_interests,
            "text": d.text,
        }
        for d in InterestDeclaration.objects.filter(person=person).order_by("submitted_on", "pk")
    ]
    columns = {
        "form": _("Blankett"),
        "submitted_on": _("Inlämnad"),
        "valid_until": _("Giltig till och med"),
        "has_interests": _("Har intressen att redovisa"),
        "text": _("Redovisade intressen"),
    }
    return [DataSection("declarations", _("Jävsdeklarationer"), columns, rows)]


registry.personal_data.append(_personal_data)
# The text goes; that a declaration was filed, and when, stays (the roster's checks read it).
registry.pseudonymisers.append(Pseudonymiser(model=InterestDeclaration, replacements={"text": "[pseudonymiserad]"}))
