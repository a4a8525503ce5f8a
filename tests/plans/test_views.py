"""The national overview, its exports, and a group's plan pages."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kunskapsstyrning.organisation.choices import GroupKind
from plans import services
from plans.choices import InitiativeKind, InitiativeStatus, PlanState
from plans.models import PlanYear
from tests.clock import frozen
from tests.factories import GroupFactory, UserFactory

from .conftest import DECIDED, make_pathway, make_recommendation, plan_with, process_leader_of, sks_member

pytestmark = [pytest.mark.django_db, frozen]

KINDS = (InitiativeKind.KNOWLEDGE_SUPPORT, InitiativeKind.CARE_PATHWAY, InitiativeKind.FOLLOW_UP)
OVERVIEW = reverse("plans:overview")


def build(groups: int, per_group: int):
    for n in range(groups):
        group = GroupFactory(kind=GroupKind.NSG if n % 2 else GroupKind.NPO)
        plan = plan_with(group, 2026, per_group, kinds=KINDS, approve_on=DECIDED if n % 2 else None)
        if n % 3 == 0 and plan.state == PlanState.APPROVED:
            services.plan_revise(plan=plan)  # an open revision never doubles the rows
        services.initiative_update(
            initiative=PlanYear.objects.get(group=group, year=2026, state=PlanState.DRAFT).initiatives.first(),
            cooperating_groups=[GroupFactory(kind=GroupKind.NSG)],
            recommendations=[make_recommendation(group, f"Exempel {group.pk}", published=n % 2 == 0)],
            care_pathways=[make_pathway(f"Exempelförlopp {group.pk}")],
        ) if plan.state != PlanState.APPROVED else None


# Years, count, rows, co-operating groups, recommendations and vårdförlopp, counts per kind and
# per status, the group choices; for one year also the cached PDF: the data version (two) and its row.
@pytest.mark.parametrize(
    "params, queries",
    [("", 12), ("?sort=typ&kind=vardforlopp", 12), ("?year=&status=planerad&q=Insats&plan_state=utkast", 9)],
)
def test_the_overview_runs_a_constant_number_of_queries(client, django_assert_num_queries, params, queries):
    build(2, 2)
    with django_assert_num_queries(queries):
        client.get(OVERVIEW + params)
    build(20, 6)
    with django_assert_num_queries(queries):
        response = client.get(OVERVIEW + params)
    assert response.status_code == 200 and len(response.context["object_list"]) > 2


def test_the_overview_shows_the_plans_in_force_with_counts_and_chart(client):
    npo, nsg = GroupFactory(kind=GroupKind.NPO, name="Alfa"), GroupFactory(kind=GroupKind.NSG, name="Beta")
    approved = plan_with(npo, 2026, 3, kinds=KINDS, approve_on=DECIDED)
    services.plan_revise(plan=approved)  # a draft revision: the approved plan still counts
    plan_with(nsg, 2026, 2, kinds=(InitiativeKind.CARE_PATHWAY,))
    plan_with(nsg, 2025, 4, kinds=(InitiativeKind.OTHER,))
    response = client.get(OVERVIEW)
    html = response.content.decode()
    assert response.context["total"] == 5
    counts = {c.key: c.count for c in response.context["kind_counts"]}
    assert counts[InitiativeKind.CARE_PATHWAY] == 3 and counts[InitiativeKind.OTHER] == 0
    assert '<svg role="img"' in html and 'data-kind="vardforlopp">3<' in html
    response = client.get(OVERVIEW, {"year": "", "kind": InitiativeKind.OTHER})
    assert response.context["total"] == 4
    response = client.get(OVERVIEW, {"group": nsg.slug, "year": "2026"})
    assert {i.plan.group for i in response.context["object_list"]} == {nsg}
    response = client.get(OVERVIEW, {"sort": "rubrik", "year": "2026"})
    titles = [i.title for i in response.context["object_list"]]
    assert titles == sorted(titles)


def test_exports_have_the_same_rows_as_the_page(client):
    group = GroupFactory(kind=GroupKind.NPO, name="Gamma")
    plan_with(group, 2026, 2)
    services.initiative_create(plan=PlanYear.objects.get(group=group), title="=HYPERLINK(1)", kind=InitiativeKind.OTHER)
    response = client.get(reverse("plans:export_csv"), {"year": "2026"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["År", "Grupp", "Insats"]
    assert len(rows) == 4 and ["2026", "Gamma", "'=HYPERLINK(1)"] in [r[:3] for r in rows]
    response = client.get(reverse("plans:export_xlsx"), {"year": "2026", "kind": InitiativeKind.OTHER})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:3] == ["2026", "Gamma", "'=HYPERLINK(1)"]
    assert sheet.max_row == 2


def test_the_process_leader_edits_through_the_pages_and_sks_approves(client):
    npo = GroupFactory(kind=GroupKind.NPO, name="Delta")
    leader = process_leader_of(npo)
    client.force_login(leader)
    response = client.post(reverse("plans:plan_create", args=[npo.slug]), {"year": "2026"})
    plan = PlanYear.objects.get(group=npo)
    assert response.status_code == 302
    url = reverse("plans:initiative_create", args=[npo.slug, 2026, 1])
    response = client.post(url, {"title": "", "kind": "annat", "status": "planerad"})
    assert response.status_code == 200 and "Ändringen sparades inte" in response.content.decode()
    client.post(url, {"title": "Matallergi", "kind": "kunskapsstod", "status": "planerad"})
    client.post(reverse("plans:submit", args=[npo.slug, 2026, 1]))
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    assert (
        client.post(reverse("plans:approve", args=[npo.slug, 2026, 1]), {"decided_on": "2026-03-01"}).status_code == 403
    )

    client.force_login(sks_member())
    page = client.get(reverse("plans:plan", args=[npo.slug, 2026])).content.decode()
    assert "Registrera SKS beslut" in page
    client.post(reverse("plans:approve", args=[npo.slug, 2026, 1]), {"decided_on": "2026-03-01"})
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED and str(plan.decided_on) == "2026-03-01"

    client.force_login(leader)
    page = client.get(reverse("plans:plan", args=[npo.slug, 2026])).content.decode()
    assert "Lägg till insats" not in page and "Starta en revision" in page
    client.post(reverse("plans:revise", args=[npo.slug, 2026, 1]), {"change_note": "Ny insats"})
    page = client.get(reverse("plans:plan", args=[npo.slug, 2026])).content.decode()
    assert "Revision 2: Utkast" in page and "Lägg till insats" in page


def test_strangers_cannot_edit(client, npo):
    plan = plan_with(npo, 2026, 1)
    client.force_login(UserFactory())
    assert client.get(reverse("plans:initiative_create", args=[npo.slug, 2026, 1])).status_code == 403
    assert client.post(reverse("plans:submit", args=[npo.slug, 2026, 1])).status_code == 403
    client.logout()
    assert client.post(reverse("plans:submit", args=[npo.slug, 2026, 1])).status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
    assert client.get(reverse("plans:plan", args=[npo.slug, 2026])).status_code == 200  # plans are public
    assert InitiativeStatus.PLANNED


@pytest.mark.parametrize("value", ["", "a<b", "c"])
def test_the_group_filter_is_rendered_as_djangos_select_would(value):
    """PlainSelect writes the options in Python (one template per option was most of the
    overview's time at ten times the volume); the markup is Django's, whitespace aside."""
    from django import forms
    from django.test.html import parse_html
    from django.utils.html import escape

    from plans.filtersets import PlainSelect

    choices = [("", "Alla grupper"), ("a<b", "A & B"), ("c", "C")]
    expected = forms.Select(choices=choices).render("group", value, {"id": "id_group", "aria-describedby": "x"})
    plain = PlainSelect(choices=choices).render("group", value, {"id": "id_group", "aria-describedby": "x"})
    assert parse_html(expected) == parse_html(plain)  # attributes in any order, whitespace aside
    assert plain.count(" selected>") == 1 and f'value="{escape(value)}" selected>' in plain
