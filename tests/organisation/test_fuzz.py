"""A deterministic table of nasty inputs against every roster form, the import and every query
parameter: never a 500, and a refused post writes nothing.

(Hypothesis is not installed; the table covers NUL, a million characters, lone surrogates,
right-to-left text, impossible and extreme dates, huge and negative numbers, SQL and HTML.)
"""

import datetime
from urllib.parse import quote_plus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, HealthcareRegion, Hosting, Membership, Person, RosterChange
from tests.clock import frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory, make_support_staff
from tests.rosterfile import HEADER

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date

NASTY = [
    "",
    " ",
    "\x00",
    "Anna\x00",
    "x" * 1_000_000,
    "\ud800",  # a lone surrogate: sent as the invalid UTF-8 bytes it would encode to
    "\u202eNNA\u202c",  # right-to-left override
    "שָׁלוֹם",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "-1",
    "99999999999999999999",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "' OR 1=1; DROP TABLE organisation_person; --",
    "<script>alert(1)</script>",
    "sjukvardsregion:99999999999999999999",
    "organisation:-1",
    "a:b:c",
    "%00%2e%2e/",
]


def encode(data: dict) -> str:
    """Form encoding that lets lone surrogates through as raw (invalid UTF-8) bytes."""
    return "&".join(f"{quote_plus(k)}={quote_plus(v.encode('utf-8', 'surrogatepass'))}" for k, v in data.items())


def counts() -> tuple:
    return (Membership.objects.count(), Person.objects.count(), RosterChange.objects.count(), Hosting.objects.count())


@pytest.fixture
def npo(structure):
    return Group.objects.get(slug="npo-akut-vard")


@pytest.fixture
def leader(npo):
    user = UserFactory()
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=PersonFactory(user=user), start_date=D(2024, 1, 1))
    return user


@pytest.fixture
def member(npo):
    return MembershipFactory(group=npo, role=Role.MEMBER, start_date=D(2025, 1, 1))


def post_nasty(client, url: str, valid: dict, *, as_anonymous: bool) -> None:
    """Post the valid data with one field at a time replaced by each nasty value."""
    for field in valid:
        for value in NASTY:
            data = dict(valid)
            if "roster_version" in data and field != "roster_version":
                data["roster_version"] = str(Group.objects.get(slug="npo-akut-vard").roster_version)
            data[field] = value
            before = counts()
            response = client.post(url, encode(data), content_type="application/x-www-form-urlencoded")
            assert response.status_code != 500, (field, value[:40])
            if as_anonymous or response.status_code != 302:
                assert counts() == before, (field, value[:40], response.status_code)


def roster_forms(npo, member) -> list[tuple[str, dict]]:
    norra = HealthcareRegion.objects.get(slug="norra")
    person = {"first_name": "Nina", "last_name": "Nyberg", "email": "", "gender": "", "person": ""}
    return [
        (
            reverse("organisation:roster_edit", args=[npo.slug]),
            {
                "roster_version": "0",
                **person,
                "role": Role.MEMBER,
                "represents": f"sjukvardsregion:{norra.pk}",
                "start_date": "2026-01-01",
                "end_date": "",
            },
        ),
        (
            reverse("organisation:membership_end", args=[npo.slug, member.pk]),
            {"roster_version": "0", "end_date": "2026-06-30"},
        ),
        (
            reverse("organisation:membership_replace", args=[npo.slug, member.pk]),
            {"roster_version": "0", **person, "start_date": "2026-07-01", "end_date": ""},
        ),
    ]


@pytest.mark.parametrize("who", ["leader", "anonymous"])
def test_roster_forms_survive_nasty_input(client, npo, leader, member, who):
    if who == "leader":
        client.force_login(leader)
    for url, valid in roster_forms(npo, member):
        post_nasty(client, url, valid, as_anonymous=who == "anonymous")


@pytest.mark.parametrize("who", ["staff", "anonymous"])
def test_hosting_transfer_survives_nasty_input(client, npo, who):
    if who == "staff":
        client.force_login(make_support_staff())
    sodra = HealthcareRegion.objects.get(slug="sodra")
    valid = {"kind": "vardskap", "host": f"sjukvardsregion:{sodra.pk}", "start_date": "2027-01-01", "source": "x"}
    post_nasty(
        client, reverse("organisation:hosting_transfer", args=[npo.slug]), valid, as_anonymous=who == "anonymous"
    )


def nasty_files() -> list[bytes]:
    files = [
        b"",
        b"\x00" * 100,
        bytes(range(256)),
        "\ufeff".encode() + b"\xff\xfe",
        b"\xff\xfe" + HEADER.encode("utf-16-le") + b"\x00",
        (HEADER + "A;B;;Ledamot;;2026-01-01;\r").encode() * 3,
        (HEADER + '"' + "x" * 200_000).encode(),
        (HEADER + "A;B;;Ledamot;;2026-01-01;;;;;;;;\r\n").encode(),
        (HEADER + "A;B\r\n").encode(),
        (HEADER.replace(";", ",") + "A,B,,Ledamot,,2026-01-01,\r\n").encode(),
        HEADER.encode() * 3,
    ]
    for value in NASTY:
        raw = value.encode("utf-8", "surrogatepass")[:200_000]
        for column in range(7):
            cells = ["Nils", "Nysson", "", "Ledamot", "", "2026-01-01", ""]
            cells[column] = raw.decode("utf-8", "surrogatepass")
            files.append((HEADER + ";".join(cells) + "\r\n").encode("utf-8", "surrogatepass"))
    return files


@pytest.mark.parametrize("who", ["leader", "anonymous"])
def test_the_import_survives_nasty_files(client, npo, leader, who):
    if who == "leader":
        client.force_login(leader)
    url = reverse("organisation:roster_import", args=[npo.slug])
    for raw in nasty_files():
        before = counts()
        upload = SimpleUploadedFile("lista.csv", raw, content_type="text/csv")
        response = client.post(url, {"roster_version": Group.objects.get(pk=npo.pk).roster_version, "file": upload})
        assert response.status_code != 500, raw[:60]
        if who == "anonymous" or response.status_code != 302:
            assert counts() == before, raw[:60]


def test_query_parameters_survive_nasty_input(client, npo, leader):
    client.force_login(leader)
    targets = {
        reverse("organisation:directory"): ["q", "kind", "host", "page"],
        reverse("organisation:group", args=[npo.slug]): ["per"],
        reverse("organisation:roster_edit", args=[npo.slug]): ["sok"],
        reverse("organisation:roster_csv", args=[npo.slug]): ["per"],
        reverse("organisation:roster_xlsx", args=[npo.slug]): ["per"],
        reverse("organisation:roster_history", args=[npo.slug]): ["page"],
        reverse("organisation:composition_overview"): ["typ"],
        "/api/v1/grupper/": ["q", "kind", "host", "page_size", "cursor", "ordering", "updated_since"],
        "/api/v1/mina-uppdrag/": ["page_size", "cursor", "status"],
        "/api/v1/uppdrag/": ["q", "group", "person", "start_before", "updated_since"],
    }
    for anonymous in (False, True):
        if anonymous:
            client.logout()
        for url, params in targets.items():
            for param in params:
                for value in NASTY:
                    response = client.get(f"{url}?{encode({param: value})}")
                    assert response.status_code != 500, (url, param, value[:40])
    # The PDF is slow to render: the date parameter only.
    for value in ("0001-01-01", "9999-12-31", "2026-02-30", "\x00", "\ud800"):
        response = client.get(f"{reverse('organisation:roster_pdf', args=[npo.slug])}?{encode({'per': value})}")
        assert response.status_code != 500, value


def test_support_pages_and_exports_survive_nasty_query_parameters(client, npo):
    """The composition overview and its CSV export, and the open calls: as support staff (the only
    ones who get past the door) and anonymously."""
    client.force_login(make_support_staff())
    targets = {
        reverse("organisation:composition_overview"): ["q", "typ", "host", "sjukvardsregion", "ordning", "page"],
        reverse("organisation:composition_csv"): ["q", "typ", "host", "sjukvardsregion", "ordning"],
        reverse("nominations:open_calls"): ["page"],
        reverse("organisation:roster_edit", args=[npo.slug]): ["roll", "sok"],
    }
    for anonymous in (False, True):
        if anonymous:
            client.logout()
        for url, params in targets.items():
            for param in params:
                for value in NASTY:
                    response = client.get(f"{url}?{encode({param: value})}")
                    assert response.status_code != 500, (url, param, value[:40])


@pytest.fixture
def call(npo, leader):
    from kunskapsstyrning.nominations import services as nominations

    return nominations.call_create(
        group=npo,
        by=leader,
        title="Ledamot för Norra (demo)",
        role=Role.MEMBER,
        task="Demotext.",
        competences="Demotext.",
        seats=1,
        closes_on=D(2026, 4, 30),
        mandate_start=D(2026, 6, 1),
        deciding_body="gruppen",
    )


@pytest.mark.parametrize("who", ["member", "leader", "anonymous"])
def test_the_nomination_form_and_its_confirmation_page_survive_nasty_input(client, npo, leader, call, who):
    from kunskapsstyrning.nominations.models import Nomination

    nominee = PersonFactory()
    nomination = Nomination.objects.create(
        call=call, person=nominee, nominated_by="sjalv", manager_approval=True, manager_name="C", motivation="Demo"
    )
    if who == "member":
        user = UserFactory()
        PersonFactory(user=user)
        client.force_login(user)
    elif who == "leader":
        client.force_login(leader)

    def nominations() -> tuple:
        return (*counts(), *Nomination.objects.values_list("status", "conflicts_checked").order_by("pk"))

    url = reverse("nominations:call", args=[call.pk])
    valid = {
        "nominated_by": "sjalv",
        "nominating_healthcare_region": "",
        "nominating_group": "",
        "first_name": "",
        "last_name": "",
        "email": "",
        "motivation": "Demo",
        "manager_approval": "on",
        "manager_name": "Chef (demo)",
    }
    for field in valid:
        for value in NASTY:
            before = nominations()
            data = {**valid, field: value}
            response = client.post(url, encode(data), content_type="application/x-www-form-urlencoded")
            assert response.status_code != 500, (field, value[:40])
            if response.status_code != 302:
                assert nominations() == before, (field, value[:40])
            Nomination.objects.exclude(pk=nomination.pk).delete()  # the valid ones, so the next may pass
    decide = reverse("nominations:decide", args=[nomination.pk])
    for field in ("action", "note", "confirm"):
        for value in NASTY:
            data = {"action": "decline", "note": "", **{field: value}}
            before = nominations()
            assert client.get(f"{decide}?{encode(data)}").status_code != 500, (field, value[:40])
            assert nominations() == before
            response = client.post(decide, encode(data), content_type="application/x-www-form-urlencoded")
            assert response.status_code != 500, (field, value[:40])
            if who != "leader":
                assert nominations() == before, (field, value[:40])
            Nomination.objects.filter(pk=nomination.pk).update(status="inlamnad", conflicts_checked=False)


@pytest.mark.parametrize("who", ["leader", "anonymous"])
def test_the_reminder_survives_nasty_input_and_writes_only_what_was_offered(client, npo, leader, member, who):
    if who == "leader":
        client.force_login(leader)
    url = reverse("organisation:roster_remind", args=[npo.slug])
    valid = {"finding": "javsdeklaration_saknas", "membership": str(member.pk)}
    for field in valid:
        for value in NASTY:
            before = counts()
            response = client.post(
                url, encode({**valid, field: value}), content_type="application/x-www-form-urlencoded"
            )
            assert response.status_code != 500, (field, value[:40])
            assert counts() == before, (field, value[:40])
