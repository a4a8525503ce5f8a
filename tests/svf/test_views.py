"""The public pages (list, pathway, permanent version addresses, comparison, PDF) and the editor
pages, with the query counts pinned against ten times the data."""

import datetime

import pytest
from django.urls import reverse

from kunskapsstyrning.organisation.models.periods import today
from nkk.consultations import services as consultations
from nkk.consultations.models import Recipient
from svf import services
from svf.choices import PathwayState as S

from .conftest import make_pathway, send, walk_to

pytestmark = pytest.mark.django_db


def _published(nag, npo, cast, n, prefix="Förlopp"):
    pathways = []
    for i in range(n):
        pathway = make_pathway(nag, npo, name=f"{prefix} {i}")
        pathways.append(walk_to(pathway, S.PUBLISHED, cast))
    return pathways


def test_the_list_shows_published_and_under_way(client, pathway, nag, npo, cast):
    published = walk_to(make_pathway(nag, npo, name="Publicerat förlopp"), S.PUBLISHED, cast)
    response = client.get(reverse("svf:list"))
    assert response.status_code == 200
    published_html = response.content.decode()
    assert published.name in published_html and pathway.name in published_html
    for p in (published, pathway):  # the addresses, made from one reversal for the whole list
        assert f'<a href="{reverse("svf:pathway", args=[p.slug])}">{p.name}</a>' in published_html
    assert response.context["published"] == [published]
    assert response.context["under_way"] == [pathway]


@pytest.mark.parametrize("count", [2, 20])
def test_list_query_count_is_constant(client, nag, npo, cast, count, django_assert_num_queries):
    for i in range(count):
        make_pathway(nag, npo, name=f"Förlopp {i}", content=False)
    # pathways, their NPOs, their published versions
    with django_assert_num_queries(3):
        response = client.get(reverse("svf:list"))
    assert len(response.context["under_way"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_pathway_page_query_count_is_constant(client, nag, npo, cast, count, django_assert_num_queries):
    pathway = make_pathway(nag, npo)
    steps = [(f"Steg {i}", f"Vård {i}", f"Patient {i}") for i in range(count)]
    services.version_update(version=services.open_version(pathway), steps=steps)
    pathway = walk_to(pathway, S.PUBLISHED, cast)
    for _ in range(count // 2):  # more versions: revise and publish again
        pathway = walk_to(pathway, S.REVISING, cast)
        pathway = services.transition(pathway=pathway, action="decide", by=cast.sks_member, decided_on=today())
        pathway = services.transition(pathway=pathway, action="publish", by=cast.support)
    client.force_login(cast.outsider)
    # session, user, notices count; pathway, NPOs, versions; version, steps, sections;
    # memberships (VIEW_WORK, cached on the user); rounds, answers (the content type is cached)
    with django_assert_num_queries(12):
        response = client.get(reverse("svf:pathway", args=[pathway.slug]))
    assert response.status_code == 200
    assert len(response.context["steps"]) == count


def test_pathway_page_content_and_permanent_version_addresses(client, pathway, cast):
    pathway = walk_to(pathway, S.PUBLISHED, cast)
    response = client.get(reverse("svf:pathway", args=[pathway.slug]))
    html = response.content.decode()
    for text in ("Flödesschema", "Åtgärdstabell", "Patientens åtgärder", "Omfattning", "Ingång och utgång"):
        assert text in html
    assert "Exempel: personen söker vård." in html
    v2 = reverse("svf:version", args=[pathway.slug, 2])
    assert client.get(v2).status_code == 200
    # Version 1 was the remissversion: not for anonymous visitors.
    assert client.get(reverse("svf:version", args=[pathway.slug, 1])).status_code == 404
    pathway = walk_to(pathway, S.REVISING, cast)
    services.version_update(version=services.open_version(pathway), by=cast.nag_member, title="Nytt namn")
    # The draft is not public; the published version's address still shows the same text.
    assert client.get(reverse("svf:version", args=[pathway.slug, 3])).status_code == 404
    assert "Hjärtsvikt (test)" in client.get(v2).content.decode()
    client.force_login(cast.nag_member)
    assert client.get(reverse("svf:version", args=[pathway.slug, 3])).status_code == 200


def test_consultation_answers_only_for_logged_in_users(client, pathway, cast):
    pathway = send(pathway, by=cast.process_leader, closes_on=today() + datetime.timedelta(days=5))
    recipient = Recipient.objects.filter(region__isnull=False).order_by("pk").first()
    consultations.answer_submit(recipient=recipient, position="avstyrker", text="Demo: vi avstyrker.")
    url = reverse("svf:pathway", args=[pathway.slug])
    anonymous = client.get(url).content.decode()
    assert "Avstyrker 1" not in anonymous and "visas för inloggade" in anonymous
    client.force_login(cast.outsider)
    assert "Avstyrker 1" in client.get(url).content.decode()
    # the remissversion is readable to logged-in users (the regions read what they answer on)
    assert client.get(reverse("svf:version", args=[pathway.slug, 1])).status_code == 200


def test_compare_any_two_versions(client, pathway, cast):
    pathway = walk_to(pathway, S.REWORK, cast)
    services.version_update(
        version=services.open_version(pathway), steps=[("Ingång", "Exempel: vården bedömer noga.", "")]
    )
    client.force_login(cast.nag_member)
    response = client.get(reverse("svf:compare", args=[pathway.slug]) + "?fran=1&till=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins>noga</ins>" in html.replace("<ins> noga</ins>", "<ins>noga</ins>") or "noga" in html
    assert any(section.changed for section in response.context["diff"])
    assert f'href="{reverse("svf:pathway", args=[pathway.slug])}"' in html
    for version in pathway.versions.all():
        assert f"{version.number} – {version.get_status_display()}</option>" in html
    client.logout()
    assert client.get(reverse("svf:compare", args=[pathway.slug]) + "?fran=1&till=2").status_code == 404


def test_editor_pages_ask_the_rules(client, pathway, cast, npo):
    work = reverse("svf:work", args=[pathway.slug])
    client.force_login(cast.outsider)
    assert client.get(work).status_code == 403
    client.force_login(cast.process_leader)
    response = client.get(work)
    assert [a.action for a in response.context["actions"]] == ["send_to_consultation"]
    response = client.post(
        reverse("svf:transition", args=[pathway.slug]),
        {
            "action": "send_to_consultation",
            "opens_on": today().isoformat(),
            "closes_on": (today() + datetime.timedelta(days=30)).isoformat(),
            "organisations": "Demokommun A\nDemokommun B",
            "groups": [npo.pk],
        },
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.state == S.CONSULTATION
    assert Recipient.objects.filter(organisation_name__startswith="Demokommun").count() == 2
    assert Recipient.objects.filter(group=npo).exists()


def test_the_draft_form_saves_steps_and_sections(client, pathway, cast):
    client.force_login(cast.nag_member)
    url = reverse("svf:draft", args=[pathway.slug])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["step_0_title"] = "Första steget"
    data["step_3_title"] = "Nytt steg"
    data["step_3_care"] = "Exempel: vården gör något."
    response = client.post(url, data)
    assert response.status_code == 302
    steps = list(services.open_version(pathway).steps.order_by("position"))
    assert [(s.letter, s.title) for s in steps][0] == ("A", "Första steget")
    assert steps[-1].title == "Nytt steg" and steps[-1].letter == "D"
    client.force_login(cast.support)
    assert client.get(url).status_code == 403


def test_the_pdf_has_the_flow_the_action_table_and_the_sections(client, pathway, cast):
    import io

    from pypdf import PdfReader

    pathway = walk_to(pathway, S.PUBLISHED, cast)
    response = client.get(reverse("svf:pdf", args=[pathway.slug, 2]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Hjärtsvikt (test)",
        "Flödesschema",
        "Åtgärdstabell",
        "Patientens åtgärder",
        "Exempel: personen söker vård.",
        "Omfattning",
        "Konsekvensbeskrivning: kostnader",
        "Exempeltext om kostnader.",
    ):
        assert expected in text, expected
