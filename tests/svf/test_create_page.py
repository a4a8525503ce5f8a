"""The page where support staff register a vårdförlopp: the rule per role, the service's checks
as Swedish errors with nothing written, the history and log of what it creates, and the GET's
query count."""

import pytest
from django.apps import apps
from django.urls import reverse

from kunskapsstyrning.organisation.choices import GroupKind
from kunskapsstyrning.organisation.models import Group
from svf.choices import PathwayState, VersionStatus
from svf.models import CarePathway, PathwayTransition, PathwayVersion

pytestmark = pytest.mark.django_db

URL = "/redaktion/vardforlopp/ny/"


def _post(nag, npo, **overrides):
    data = {
        "name": "Exempelförlopp (test)",
        "diagnosis_area": "Exempelområde",
        "responsible_npos": [npo.pk],
        "working_group": nag.pk,
        "definition": "Exempeltext – inte ett kliniskt råd.",
    }
    data.update(overrides)
    return data


def test_the_address():
    assert reverse("svf:create") == URL


def test_anonymous_is_sent_to_log_in(client, nag, npo):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(URL, _post(nag, npo))
    assert response.status_code == 302
    assert not CarePathway.objects.exists()


@pytest.mark.parametrize(
    "who", ["ledamot i NAG", "processledare i NAG", "ordförande i NAG", "ledamot i SKS", "ledamot i NPO", "utomstående"]
)
def test_only_support_staff_may_create(client, cast, nag, npo, who):
    client.force_login(cast.by_role()[who])
    assert client.get(URL).status_code == 403
    assert client.post(URL, _post(nag, npo)).status_code == 403
    assert not CarePathway.objects.exists()
    # Nor do they see the link on the list.
    assert URL not in client.get(reverse("svf:list")).content.decode()


def test_support_staff_create_with_draft_log_and_history(client, cast, nag, npo):
    client.force_login(cast.support)
    assert URL in client.get(reverse("svf:list")).content.decode()
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and npo.name in html and nag.name in html

    response = client.post(URL, _post(nag, npo), follow=True)
    pathway = CarePathway.objects.get()
    assert response.redirect_chain == [(reverse("svf:work", args=[pathway.slug]), 302)]
    assert "Vårdförloppet Exempelförlopp (test) är skapat med ett tomt utkast." in response.content.decode()
    assert (pathway.name, pathway.diagnosis_area, pathway.working_group, pathway.state) == (
        "Exempelförlopp (test)",
        "Exempelområde",
        nag,
        PathwayState.STARTED,
    )
    assert list(pathway.responsible_npos.all()) == [npo]
    assert pathway.definition == "Exempeltext – inte ett kliniskt råd."
    version = PathwayVersion.objects.get(pathway=pathway)
    assert (version.number, version.status, version.created_by) == (1, VersionStatus.DRAFT, cast.support)
    log = PathwayTransition.objects.get(pathway=pathway)
    assert (log.action, log.by, log.version) == ("create", cast.support, version)
    history = apps.get_model("svf", "CarePathwayEvent").objects.filter(pgh_obj_id=pathway.pk)
    assert list(history.values_list("pgh_label", flat=True)) == ["insert"]
    # The NAG can now work on the draft.
    client.force_login(cast.nag_member)
    assert client.get(reverse("svf:draft", args=[pathway.slug])).status_code == 200


def _nothing_written():
    return not CarePathway.objects.exists() and not PathwayVersion.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Ange vårdförloppets namn."),
        ({"responsible_npos": []}, "responsible_npos", "Välj minst ett ansvarigt programområde."),
        ({"working_group": ""}, "working_group", "Välj den nationella arbetsgrupp som tar fram vårdförloppet."),
        ({"name": "x" * 201}, "name", "Säkerställ att detta värde har som mest 200 tecken"),
    ],
)
def test_bad_input_is_refused_in_swedish(client, cast, nag, npo, overrides, field, message):
    client.force_login(cast.support)
    response = client.post(URL, _post(nag, npo, **overrides))
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in response.content.decode()
    assert _nothing_written()


def test_a_group_of_another_kind_is_refused(client, cast, nag, npo):
    client.force_login(cast.support)
    # An NPO as the working group, a NAG as a responsible NPO: not among the choices.
    response = client.post(URL, _post(nag, npo, working_group=npo.pk, responsible_npos=[nag.pk]))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["working_group"] == ["Välj en arbetsgrupp i listan."]
    assert errors["responsible_npos"] == ["Välj bland programområdena i listan."]
    assert _nothing_written()


def test_a_name_already_taken_is_refused_by_the_service(client, cast, nag, npo):
    client.force_login(cast.support)
    assert client.post(URL, _post(nag, npo)).status_code == 302
    response = client.post(URL, _post(nag, npo, diagnosis_area="Annat"))
    assert response.status_code == 400
    [error] = response.context["form"].errors["name"]
    assert error.startswith("Vårdförlopp med detta") and error.endswith("finns redan."), error
    assert CarePathway.objects.count() == 1 and PathwayVersion.objects.count() == 1


@pytest.mark.parametrize("extra", [0, 10])
def test_form_query_count_is_constant(client, cast, extra, django_assert_num_queries):
    for i in range(extra):
        Group.objects.create(name=f"Exempel-NAG {i}", slug=f"exempel-nag-{i}", kind=GroupKind.NAG)
    client.force_login(cast.support)
    # session, user, notices count; the rule: the model backend's user and group permissions,
    # the person, the support-staff membership; the NPO choices, the NAG choices
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200
