"""What plans add to the structure through its registry: the nuläge figures (initiatives this
year, approved plans, groups with vacant seats, and those counted from NKK and SVF: published
recommendations, under revision, approved vårdförlopp, vårdförlopp under way) and the demo plans.

The figures are precomputed by the worker (organisation/aggregates.py, kind NULAGE) after each
write to one of NULAGE_INPUTS and nightly; the nuläge page reads them in one query. An app that
registers a figure of its own adds the models it counts with aggregates.add_inputs(NULAGE, …).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation import aggregates
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


for figure in (
    StatusFigure(
        key="nkk.published",
        section=_("Kunskapsstöd"),
        label=_("publicerade rekommendationer"),
        count=selectors.published_recommendations_count,
        url=lambda: reverse("nkk:list"),
        order=300,
    ),
    StatusFigure(
        key="nkk.under_revision",
        section=_("Kunskapsstöd"),
        label=_("publicerade rekommendationer under revidering"),
        count=selectors.recommendations_under_revision_count,
        url=lambda: reverse("nkk:work_list"),
        order=310,
    ),
    StatusFigure(
        key="svf.approved",
        section=_("Vårdförlopp"),
        label=_("beslutade vårdförlopp"),
        count=lambda: selectors.care_pathways_count(selectors.CARE_PATHWAYS_APPROVED),
        url=lambda: reverse("svf:list") + "#publicerade",
        order=200,
    ),
    StatusFigure(
        key="svf.under_way",
        section=_("Vårdförlopp"),
        label=_("vårdförlopp som är påbörjade, på remiss eller bearbetas efter remiss"),
        count=lambda: selectors.care_pathways_count(selectors.CARE_PATHWAYS_UNDER_WAY),
        url=lambda: reverse("svf:list") + "#under-arbete",
        order=210,
    ),
):
    registry.add_status_figure(figure)

registry.demo_loaders.append(load_demo_plans)


NULAGE = "plans.nulage"
#: What the figures above count: a write to one of these makes them stale.
NULAGE_INPUTS = {
    "plans.PlanYear",
    "plans.Initiative",
    "organisation.Group",
    "organisation.Membership",
    "organisation.RosterChange",
    "organisation.HealthcareRegion",
    "nkk.Recommendation",
    "nkk.RecommendationVersion",
    "svf.CarePathway",
}


def compute_nulage(key: str = "") -> dict:
    """Every registered figure's count: {"on": date, "figures": {key: count}}."""
    return {"on": today().isoformat(), "figures": {f.key: f.count() for f in registry.status_figures}}


aggregates.register(aggregates.AggregateKind(NULAGE, compute=compute_nulage, inputs=set(NULAGE_INPUTS)))
