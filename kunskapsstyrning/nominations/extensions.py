"""What nominations add to the structure's pages, through its registry: the open calls on a group
page, and the demo call."""

import datetime

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.permissions import EDIT_ROSTER
from kunskapsstyrning.organisation.registry import Panel, registry

from . import services
from .choices import DecidingBody
from .models import SeatCall


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
