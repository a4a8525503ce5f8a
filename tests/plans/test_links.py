"""What an initiative produces: links to NKK recommendations and vårdförlopp, edited by the process
leader in the initiative form (the group's own first), frozen with the plan, copied into a
revision, shown on the plan page, the overview, the exports and the summary PDF."""

import csv
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from kunskapsstyrning.organisation.choices import GroupKind, RelationKind
from kunskapsstyrning.organisation.models import GroupRelation
from plans import services, summary
from plans.choices import InitiativeKind, PlanState
from plans.models import Initiative
from tests.clock import TODAY, frozen
from tests.factories import GroupFactory

from .conftest import DECIDED, make_pathway, make_recommendation, plan_with, process_leader_of
from .test_summary import pages_text

pytestmark = [pytest.mark.django_db, frozen]


@pytest.fixture
def linked(npo):
    nag = GroupFactory(kind=GroupKind.NAG, name="Arbetsgrupp för exempel")
    GroupRelation.objects.create(from_group=nag, to_group=npo, kind=RelationKind.APPOINTED_BY, start_date=TODAY)
    other_npo = GroupFactory(kind=GroupKind.NPO, name="Annat område")
    return {
        "own": make_recommendation(nag, "Exempel eget kunskapsstöd", published=True, steering_npo=npo),
        "steered": make_recommendation(other_npo, "Exempel styrt kunskapsstöd", steering_npo=npo),
        "other": make_recommendation(other_npo, "Exempel annat kunskapsstöd"),
        "pathway": make_pathway("Exempelförlopp eget", npo=npo),
        "other_pathway": make_pathway("Exempelförlopp annat", npo=other_npo),
    }


def test_the_process_leader_links_what_the_initiative_produces_own_first(client, npo, linked):
    leader = process_leader_of(npo)
    client.force_login(leader)
    plan = services.plan_create(group=npo, year=2026, by=leader)
    url = reverse("plans:initiative_create", kwargs={"slug": npo.slug, "year": 2026, "revision": plan.revision})
    form = client.get(url).context["form"]
    recs = form.fields["recommendations"].choices
    assert [label for label, _options in recs] == ["Gruppens egna", "Övriga"]
    assert {title for _pk, title in recs[0][1]} == {"Exempel eget kunskapsstöd", "Exempel styrt kunskapsstöd"}
    assert [title for _pk, title in recs[1][1]] == ["Exempel annat kunskapsstöd"]
    paths = form.fields["care_pathways"].choices
    assert [(label, [n for _pk, n in options]) for label, options in paths] == [
        ("Gruppens egna", ["Exempelförlopp eget"]),
        ("Övriga", ["Exempelförlopp annat"]),
    ]

    response = client.post(
        url,
        {
            "title": "Exempel: revidera kunskapsstödet",
            "kind": InitiativeKind.KNOWLEDGE_SUPPORT,
            "status": "planerad",
            "recommendations": [linked["own"].pk, linked["other"].pk],
            "care_pathways": [linked["pathway"].pk],
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Exempel: revidera kunskapsstödet")
    assert set(initiative.recommendations.all()) == {linked["own"], linked["other"]}
    assert list(initiative.care_pathways.all()) == [linked["pathway"]]

    page = client.get(reverse("plans:plan", kwargs={"slug": npo.slug, "year": 2026})).content.decode()
    # A published recommendation is linked to its public page; one never published is only named.
    assert f'<a href="{linked["own"].get_absolute_url()}">Exempel eget kunskapsstöd</a>' in page
    assert "Exempel annat kunskapsstöd" in page and linked["other"].get_absolute_url() not in page
    assert "Exempelförlopp eget" in page

    edit = reverse(
        "plans:initiative_update",
        kwargs={"slug": npo.slug, "year": 2026, "revision": plan.revision, "pk": initiative.pk},
    )
    assert set(client.get(edit).context["form"].initial["recommendations"]) == {linked["own"].pk, linked["other"].pk}
    client.post(edit, {"title": initiative.title, "kind": initiative.kind, "status": "pagar"})
    assert not initiative.recommendations.exists() and not initiative.care_pathways.exists()


def test_links_are_frozen_with_the_plan_and_copied_into_a_revision(npo, linked):
    plan = plan_with(npo, 2026, 1)
    initiative = plan.initiatives.get()
    services.initiative_update(
        initiative=initiative, recommendations=[linked["own"]], care_pathways=[linked["pathway"]]
    )
    services.plan_submit(plan=plan)
    plan = services.plan_approve(plan=plan, decided_on=DECIDED)
    for field, target in (("recommendations", linked["other"]), ("care_pathways", linked["other_pathway"])):
        with pytest.raises(IntegrityError, match="godkänd verksamhetsplan är låst"), transaction.atomic():
            getattr(initiative, field).add(target)
        with pytest.raises(IntegrityError), transaction.atomic():
            getattr(initiative, field).clear()

    revision = services.plan_revise(plan=plan)
    copy = revision.initiatives.get()
    assert list(copy.recommendations.all()) == [linked["own"]]
    assert list(copy.care_pathways.all()) == [linked["pathway"]]
    services.initiative_update(initiative=copy, recommendations=[linked["other"]])
    assert list(initiative.recommendations.all()) == [linked["own"]]  # the approved one as it was
    assert plan.state == PlanState.APPROVED


def test_the_overview_exports_and_the_pdf_show_the_links(client, npo, linked):
    plan = plan_with(npo, 2026, 1)
    services.initiative_update(
        initiative=plan.initiatives.get(), recommendations=[linked["own"]], care_pathways=[linked["pathway"]]
    )
    page = client.get(reverse("plans:overview") + "?year=2026").content.decode()
    assert "Exempel eget kunskapsstöd" in page and "Exempelförlopp eget" in page
    content = client.get(reverse("plans:export_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    header, row = rows[0], rows[1]
    assert row[header.index("Kunskapsstöd")] == "Exempel eget kunskapsstöd"
    assert row[header.index("Vårdförlopp")] == "Exempelförlopp eget"
    text = " ".join(pages_text(summary.render(2026)))
    assert "Kunskapsstöd: Exempel eget kunskapsstöd" in text
    assert "Vårdförlopp: Exempelförlopp eget" in text
