"""A change of host is recorded by the support function and kept as history."""

import datetime

import pytest
from django.urls import reverse

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Hosting, Organisation
from tests.clock import frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory, make_support_staff

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date


@pytest.fixture
def staff(structure):
    user = make_support_staff()
    return user


def post(client, slug, host, start="2027-01-01", kind="vardskap"):
    return client.post(
        reverse("organisation:hosting_transfer", args=[slug]),
        {"kind": kind, "host": host, "start_date": start, "source": "SKS beslut (demo)"},
    )


def test_the_support_function_moves_a_host_and_the_old_one_stays(client, staff):
    client.force_login(staff)
    sodra = HealthcareRegion.objects.get(slug="sodra")
    response = post(client, "npo-akut-vard", f"sjukvardsregion:{sodra.pk}")
    assert response.status_code == 302
    hostings = Hosting.objects.filter(group__slug="npo-akut-vard", kind="vardskap")
    assert hostings.current(D(2026, 12, 31)).get().healthcare_region.slug == "mellansverige"
    assert hostings.current(D(2027, 1, 1)).get().healthcare_region == sodra
    assert hostings.count() == 2


def test_a_dormant_host_can_move_to_an_organisation(client, staff):
    client.force_login(staff)
    skr = Organisation.objects.get(slug="skr")
    assert post(client, "npo-psykisk-halsa", f"organisation:{skr.pk}", kind="vilande").status_code == 302
    assert (
        Hosting.objects.current(D(2027, 1, 1)).get(group__slug="npo-psykisk-halsa", kind="vilande").organisation == skr
    )


def test_the_same_host_again_is_refused_with_a_message(client, staff):
    client.force_login(staff)
    mellansverige = HealthcareRegion.objects.get(slug="mellansverige")
    html = post(client, "npo-akut-vard", f"sjukvardsregion:{mellansverige.pk}").content.decode()
    assert "Mellansverige är redan värd för gruppen." in html
    assert Hosting.objects.filter(group__slug="npo-akut-vard").count() == 1


def test_a_new_host_cannot_start_before_the_current_one(client, staff):
    from kunskapsstyrning.organisation import services

    client.force_login(staff)
    group = Group.objects.get(slug="npo-tandvard")
    services.hosting_transfer(group=group, host=HealthcareRegion.objects.get(slug="norra"), start_date=D(2026, 1, 1))
    html = post(
        client, "npo-tandvard", f"sjukvardsregion:{HealthcareRegion.objects.get(slug='vastra').pk}", start="2025-06-01"
    ).content.decode()
    assert "Det nya värdskapet måste börja efter att det nuvarande började (2026-01-01)." in html


def test_process_leaders_cannot_change_hosts(client, structure):
    user = UserFactory()
    group = Group.objects.get(slug="npo-akut-vard")
    MembershipFactory(group=group, role=Role.PROCESS_LEADER, person=PersonFactory(user=user))
    client.force_login(user)
    assert client.get(reverse("organisation:hosting_transfer", args=["npo-akut-vard"])).status_code == 403
    assert "Byt värd" not in client.get(group.get_absolute_url()).content.decode()


def test_the_page_stores_who_registered_the_new_host(client, staff):
    client.force_login(staff)
    sodra = HealthcareRegion.objects.get(slug="sodra")
    assert post(client, "npo-akut-vard", f"sjukvardsregion:{sodra.pk}").status_code == 302
    new = Hosting.objects.get(group__slug="npo-akut-vard", kind="vardskap", end_date__isnull=True)
    assert new.created_by == staff


def test_only_bodies_that_can_host_are_offered_and_accepted(client, staff):
    client.force_login(staff)
    skr = Organisation.objects.get(slug="skr")
    other = Organisation.objects.exclude(slug="skr").first()
    form = client.get(reverse("organisation:hosting_transfer", args=["npo-akut-vard"])).context["form"]
    offered = {key for _group, choices in form.fields["host"].choices for key, _label in choices}
    assert offered == {f"sjukvardsregion:{r.pk}" for r in HealthcareRegion.objects.all()}
    assert len(offered) == 6
    # Posted anyway: refused on the server.
    for host in (f"organisation:{skr.pk}", f"organisation:{other.pk}"):
        response = post(client, "npo-akut-vard", host)
        assert response.status_code == 200 and response.context["form"].errors["host"]
    assert Hosting.objects.filter(group__slug="npo-akut-vard").count() == 1


def test_skr_can_host_an_nsg_but_no_other_organisation_can(client, staff):
    client.force_login(staff)
    nsg = Group.objects.filter(kind="nsg").first()
    skr = Organisation.objects.get(slug="skr")
    other = Organisation.objects.exclude(slug="skr").first()
    form = client.get(reverse("organisation:hosting_transfer", args=[nsg.slug])).context["form"]
    offered = {key for _group, choices in form.fields["host"].choices for key, _label in choices}
    assert f"organisation:{skr.pk}" in offered and f"organisation:{other.pk}" not in offered
    assert post(client, nsg.slug, f"organisation:{other.pk}").status_code == 200
    sodra = HealthcareRegion.objects.get(slug="sodra")
    assert post(client, nsg.slug, f"sjukvardsregion:{sodra.pk}").status_code == 302
    assert post(client, nsg.slug, f"organisation:{skr.pk}", start="2027-06-01").status_code == 302
