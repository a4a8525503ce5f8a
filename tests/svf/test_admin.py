"""The admin goes through the services: a vårdförlopp added there gets version 1 and its log;
the publish action takes the transition table's row; versions are read-only."""

import pytest
from django.urls import reverse

from nkk.consultations.registry import consultation_subjects
from svf import services
from svf.choices import PathwayState as S
from svf.models import CarePathway, PathwayTransition, PathwayVersion

from .conftest import walk_to

pytestmark = pytest.mark.django_db


def test_support_staff_add_a_pathway_through_the_service(client, cast, nag, npo):
    client.force_login(cast.support)
    cast.support.is_staff = True
    cast.support.save()
    response = client.post(
        reverse("admin:svf_carepathway_add"),
        {
            "name": "Nytt förlopp",
            "working_group": nag.pk,
            "responsible_npos": [npo.pk],
            "diagnosis_area": "",
            "definition": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pathway = CarePathway.objects.get(name="Nytt förlopp")
    assert list(pathway.responsible_npos.all()) == [npo]
    assert pathway.versions.get().number == 1
    assert PathwayTransition.objects.get(pathway=pathway, action="create").by == cast.support


def test_the_publish_action_uses_the_transition(client, cast, pathway):
    pathway = walk_to(pathway, S.DECIDED, cast)
    cast.support.is_staff = True
    cast.support.save()
    client.force_login(cast.support)
    response = client.post(
        reverse("admin:svf_carepathway_changelist"),
        {"action": "publish_selected", "_selected_action": [pathway.pk]},
    )
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.state == S.PUBLISHED
    assert PathwayTransition.objects.filter(pathway=pathway, action="publish", by=cast.support).exists()


def test_versions_are_read_only_in_the_admin(client, cast, pathway):
    cast.support.is_staff = True
    cast.support.save()
    client.force_login(cast.support)
    version = pathway.versions.get()
    assert client.get(reverse("admin:svf_pathwayversion_change", args=[version.pk])).status_code == 200
    response = client.post(reverse("admin:svf_pathwayversion_change", args=[version.pk]), {"title": "Ändrad"})
    assert response.status_code == 403


def test_the_version_is_a_consultation_subject(pathway):
    assert consultation_subjects.is_registered(PathwayVersion)
    version = services.open_version(pathway)
    assert consultation_subjects.get(PathwayVersion).url(version) == f"/vardforlopp/{pathway.slug}/version/1/"
