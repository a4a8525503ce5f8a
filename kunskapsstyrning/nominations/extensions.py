"""What nominations add to the structure's pages, through its registry: the open calls on a group
page, and the demo call."""

import datetime

from django.utils.translation import gettext as _

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, Person
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.permissions import EDIT_ROSTER
from kunskapsstyrning.organisation.registry import DataSection, Panel, Pseudonymiser, registry

from . import services
from .choices import DecidingBody
from .models import Nomination, SeatCall


def _open_calls(request, group: Group, on: datetime.date) -> dict:
    return {
        "open_calls": list(SeatCall.objects.filter(group=group, closes_on__gte=on).order_by("closes_on")),
        "can_create": request.user.has_perm(EDIT_ROSTER, group),
    }


def load_demo_call() -> None:
    """One open call, so the nomination pages have something to show. Its texts say plainly
    that they are demo texts; none is clinical content."""
    nag = Group.objects.filter(slug="nag-vardforlopp-hjartsvikt").first()
    if nag and not SeatCall.objects.filter(group=nag).exists():
        services.call_create(
            group=nag,
            title="Patientföreträdare till NAG vårdförlopp Hjärtsvikt (demo)",
            role=Role.PATIENT_REPRESENTATIVE,
            task="Demotext: delta i arbetsgruppens möten och bidra med patientens perspektiv.",
            competences="Demotext: erfarenhet som patient eller närstående.",
            seats=1,
            closes_on=today() + datetime.timedelta(days=60),
            mandate_start=today() + datetime.timedelta(days=90),
            mandate_end=today() + datetime.timedelta(days=90 + 3 * 365),
            deciding_body=DecidingBody.GROUP,
        )


registry.add_group_panel(Panel(template_name="nominations/_group_panel.html", context=_open_calls, order=10))
registry.demo_loaders.append(load_demo_call)


def _personal_data(person: Person) -> list[DataSection]:
    """The person's nominations, for the registerutdrag. Who nominated is named by body; the
    officials who checked and decided are not named (their names are theirs). The approving
    manager is part of the nomination the person filed and is shown."""
    rows = [
        {
            "call": str(n.call),
            "nominated_by": n.get_nominated_by_display(),
            "nominating": str(n.nominating_healthcare_region or n.nominating_group or ""),
            "motivation": n.motivation,
            "manager_approval": n.manager_approval,
            "manager_name": n.manager_name,
            "conflicts_checked": n.conflicts_checked,
            "conflicts_note": n.conflicts_note,
            "status": n.get_status_display(),
            "decision_note": n.decision_note,
            "submitted_at": n.submitted_at,
            "decided_at": n.decided_at,
        }
        for n in Nomination.objects.filter(person=person)
        .select_related("call__group", "nominating_healthcare_region", "nominating_group")
        .order_by("submitted_at", "pk")
    ]
    columns = {
        "call": _("Utlysning"),
        "nominated_by": _("Nominerad av"),
        "nominating": _("Nominerande"),
        "motivation": _("Motivering och kompetens"),
        "manager_approval": _("Chefens godkännande finns"),
        "manager_name": _("Godkännande chef"),
        "conflicts_checked": _("Jäv kontrollerat"),
        "conflicts_note": _("Anteckning om jäv"),
        "status": _("Status"),
        "decision_note": _("Beslutsanteckning"),
        "submitted_at": _("Inlämnad"),
        "decided_at": _("Beslutad"),
    }
    return [DataSection("nominations", _("Nomineringar"), columns, rows)]


registry.personal_data.append(_personal_data)
registry.pseudonymisers.append(
    Pseudonymiser(
        model=Nomination,
        replacements={
            "motivation": "[pseudonymiserad]",
            "manager_name": "",
            "conflicts_note": "",
            "decision_note": "",
        },
    )
)
