"""What plans add to the structure through its registry: the nuläge figures it owns
(initiatives this year, approved plans, groups with vacant seats) and the demo plans."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.registry import StatusFigure, registry

from . import selectors
from .demo import load_demo_plans

registry.add_status_figure(
    StatusFigure(
        key="plans.initiatives_this_year",
        section=_("Verksamhetsplaner"),
        label=_("insatser i årets verksamhetsplaner"),
        count=selectors.initiatives_this_year_count,
        url=lambda: f"{reverse('plans:overview')}?year={today().year}",
        order=500,
    )
)
registry.add_status_figure(
    StatusFigure(
        key="plans.approved_plans_this_year",
        section=_("Verksamhetsplaner"),
        label=_("grupper med av SKS godkänd plan för året"),
        count=selectors.approved_plans_this_year_count,
        url=lambda: f"{reverse('plans:overview')}?year={today().year}&plan_state=godkand",
        order=510,
    )
)
registry.add_status_figure(
    StatusFigure(
        key="plans.vacant_seats",
        section=_("Struktur"),
        label=_("programområden och samverkansgrupper med vakanta platser"),
        count=lambda: len(selectors.groups_with_vacant_seats()),
        url=lambda: reverse("plans:vacant_seats"),
        order=900,
    )
)
registry.demo_loaders.append(load_demo_plans)
