"""Dates are bounded at the edges (forms, CSV import, services) and every consumer copes with
the extremes that are already stored (calendar feed, composition rules)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kunskapsstyrning.nominations.forms import SeatCallForm
from kunskapsstyrning.notices import services as notices_services
from kunskapsstyrning.notices.ical import AllDayEvent, calendar
from kunskapsstyrning.organisation import composition, rosterfiles, services
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.forms import MembershipAddForm
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Hosting, Membership, Person
from kunskapsstyrning.organisation.models.periods import EARLIEST_DATE, LATEST_DATE
from tests.clock import frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory, make_support_staff
from tests.rosterfile import csv_bytes

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date
OUT_OF_RANGE = ["9999-12-31", "0001-01-01", "1989-12-31", "2101-01-01"]


@pytest.fixture
def npo(structure):
    return Group.objects.get(slug="npo-akut-vard")


@pytest.fixture
def leader(npo):
    user = UserFactory()
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=PersonFactory(user=user), start_date=D(2024, 1, 1))
    return user


def test_the_range_is_sane():
    assert (EARLIEST_DATE, LATEST_DATE) == (D(1990, 1, 1), D(2100, 12, 31))


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_the_roster_form_refuses_dates_out_of_range(client, npo, leader, value):
    client.force_login(leader)
    before = Membership.objects.count()
    data = {
        "roster_version": npo.roster_version,
        "first_name": "Nina",
        "last_name": "Nyberg",
        "role": Role.MEMBER,
        "start_date": "2026-01-01",
        "end_date": value,
    }
    response = client.post(reverse("organisation:roster_edit", args=[npo.slug]), data)
    assert response.status_code == 200
    assert "Ange ett datum mellan 1990-01-01 och 2100-12-31" in str(response.context["form"].errors)
    assert Membership.objects.count() == before


def test_the_date_picker_carries_the_bounds():
    html = str(MembershipAddForm()["end_date"])
    assert 'min="1990-01-01"' in html and 'max="2100-12-31"' in html


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_call_refuses_dates_out_of_range(structure, value):
    form = SeatCallForm(data={"mandate_end": value, "mandate_start": value, "closes_on": value})
    assert not form.is_valid()
    assert all("1990-01-01" in str(form.errors[f]) for f in ("mandate_end", "mandate_start", "closes_on"))


def test_a_hosting_from_year_one_is_refused_not_a_crash(client, structure):
    client.force_login(make_support_staff())
    group = Group.objects.get(slug="npo-akut-vard")
    Hosting.objects.filter(group=group).update(start_date=None)  # historical: start unknown
    before = list(Hosting.objects.filter(group=group).values_list("pk", "end_date"))
    response = client.post(
        reverse("organisation:hosting_transfer", args=[group.slug]),
        {
            "kind": "vardskap",
            "host": f"sjukvardsregion:{HealthcareRegion.objects.get(slug='sodra').pk}",
            "start_date": "0001-01-01",
        },
    )
    assert response.status_code == 200 and "1990-01-01" in response.content.decode()
    with pytest.raises(ValidationError):
        services.hosting_transfer(group=group, host=HealthcareRegion.objects.get(slug="sodra"), start_date=D(1, 1, 1))
    assert list(Hosting.objects.filter(group=group).values_list("pk", "end_date")) == before


@pytest.mark.parametrize("value", [D(9999, 12, 31), D(1, 1, 1)])
def test_the_services_refuse_dates_out_of_range(npo, value):
    with pytest.raises(ValidationError) as exc:
        services.membership_create(person=PersonFactory(), group=npo, start_date=D(2026, 1, 1), end_date=value)
    assert "end_date" in exc.value.message_dict


def test_the_import_refuses_dates_out_of_range(npo, leader):
    raw = csv_bytes("Nils;Nysson;;Ledamot;;0001-01-01;9999-12-31")
    before = Person.objects.count()
    result = rosterfiles.import_roster(group=npo, raw=raw, by=leader)
    assert [e.line for e in result.errors] == [2, 2] and "1990-01-01" in result.errors[0].message
    assert Person.objects.count() == before


def test_a_stored_mandate_ending_9999_12_31_keeps_the_calendar_feed_working(client, npo):
    person = PersonFactory()
    MembershipFactory(group=npo, person=person, role=Role.CHAIR, start_date=D(9999, 1, 1), end_date=D(9999, 12, 31))
    MembershipFactory(group=npo, person=person, start_date=D(2020, 1, 1), end_date=D(9999, 12, 31))
    feed = notices_services.calendar_feed_renew(person=person)
    response = client.get(reverse("notices:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert b"DTSTART;VALUE=DATE:99991231" in response.content
    # The composition rules (three-year chair limit, mandates ending) cope too.
    assert composition.composition_findings([npo], on=D(2026, 6, 1))
    assert composition.composition_findings([npo], on=D(9999, 12, 30)) is not None


def test_ical_writes_the_extreme_dates():
    body = calendar("x", [AllDayEvent("a", D(9999, 12, 31), "slut"), AllDayEvent("b", D(1, 1, 1), "start")])
    assert "DTSTART;VALUE=DATE:99991231" in body and "DTSTART;VALUE=DATE:00010101" in body
    assert "DTEND;VALUE=DATE:00010102" in body
