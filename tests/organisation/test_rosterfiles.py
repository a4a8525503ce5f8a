"""Roster files: CSV export for Excel, all-or-nothing CSV import with row-level errors, the PDF."""

import codecs
import csv
import datetime
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kunskapsstyrning.organisation import rosterfiles
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, Membership, Person, RosterChange
from tests.clock import frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.rosterfile import HEADER, csv_bytes

pytestmark = [pytest.mark.django_db, frozen]
D = datetime.date


@pytest.fixture
def npo(structure):
    return Group.objects.get(slug="npo-akut-vard")


@pytest.fixture
def leader(npo):
    user = UserFactory()
    MembershipFactory(group=npo, role=Role.PROCESS_LEADER, person=PersonFactory(user=user), start_date=D(2024, 1, 1))
    return user


def test_export_opens_in_excel_with_swedish_characters(npo):
    person = PersonFactory(first_name="Åsa", last_name="Öberg-Ängström", email="asa@test.invalid")
    MembershipFactory(group=npo, person=person, role=Role.CHAIR, start_date=D(2025, 1, 1))
    body = rosterfiles.export_csv(list(Membership.objects.filter(group=npo)), with_contacts=True)
    assert body.startswith("\ufeff".encode())  # the BOM makes Excel read UTF-8
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER.strip()
    assert "Åsa;Öberg-Ängström;asa@test.invalid;Ordförande;;2025-01-01;\r\n" in text


def test_export_neutralises_formulas():
    person = PersonFactory(first_name='=HYPERLINK("x")', last_name="Test")
    membership = MembershipFactory(person=person)
    text = rosterfiles.export_csv([membership], with_contacts=False).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "E-post" not in text


def test_export_without_contacts_for_visitors(client, npo):
    MembershipFactory(group=npo, person=PersonFactory(email="dold@test.invalid"))
    response = client.get(reverse("organisation:roster_csv", args=[npo.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "dold@test.invalid" not in response.content.decode("utf-8-sig")


def test_import_adds_every_row(npo, leader):
    existing = PersonFactory(first_name="Eva", last_name="Existerande", email="eva@test.invalid")
    raw = csv_bytes(
        "Nils;Nysson;nils@test.invalid;Ledamot;Norra;2026-01-01;2028-12-31",
        "Eva;Existerande;eva@test.invalid;ordförande;Region Gotland;2026-01-01;",
        "Pia;Patient;;Patientföreträdare;;2026-02-01;",
        "Olle;Orgsson;;Adjungerad;SKR;2026-02-01;",
        "Uno;Uppsala;;Ledamot;Uppsala-Örebro;2026-02-01;",
    )
    result = rosterfiles.import_roster(group=npo, raw=raw, by=leader)
    assert result.ok and result.created == 5
    assert Membership.objects.get(group=npo, person=existing).role == Role.CHAIR
    assert Membership.objects.get(group=npo, person__last_name="Uppsala").represents.name == "Mellansverige"
    assert RosterChange.objects.filter(group=npo, action="imported").count() == 1  # one batch


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_bad_row(npo, leader):
    PersonFactory(first_name="Eva", last_name="Existerande", email="eva@test.invalid")
    persons_before, memberships_before = Person.objects.count(), Membership.objects.count()
    raw = csv_bytes(
        "Nils;Nysson;nils@test.invalid;Ledamot;Norra;2026-01-01;",  # good
        "Ada;Adamsson;;Ledamot;Norrbottten;2026-01-01;",  # unknown region
        "Bo;Bosson;;Ledamot;Norra;2026-02-30;",  # bad date
        "Nils;Nysson;nils@test.invalid;Ledamot;Norra;2026-01-01;",  # duplicate row
        "Eve;Existerande;eva@test.invalid;Ledamot;;2026-01-01;",  # e-mail of another person
        "Cia;Ceder;;Rektor;;2026-01-01;",  # unknown role
    )
    result = rosterfiles.import_roster(group=npo, raw=raw, by=leader)
    assert not result.ok and result.created == 0
    lines = {e.line: e.message for e in result.errors}
    assert "Okänd sjukvårdsregion, region eller organisation ”Norrbottten”." == lines[3]
    assert "Mandat från ”2026-02-30” är inget giltigt datum" in lines[4]
    assert "dubblett" in lines[5]
    assert "tillhör redan Eva Existerande" in lines[6]
    assert "Okänd roll ”Rektor”." == lines[7]
    assert 2 not in lines
    assert (Person.objects.count(), Membership.objects.count()) == (persons_before, memberships_before)


def test_overlapping_chairs_in_the_file_roll_back_everything(npo, leader):
    raw = csv_bytes(
        "Nils;Nysson;nils@test.invalid;Ledamot;Norra;2026-01-01;",
        "Anna;Ordf;;Ordförande;;2026-01-01;2027-12-31",
        "Berit;Ordf;;Ordförande;;2027-01-01;",
    )
    result = rosterfiles.import_roster(group=npo, raw=raw, by=leader)
    assert [e.line for e in result.errors] == [4]
    assert "En grupp kan bara ha en ordförande åt gången." in result.errors[0].message
    assert not Person.objects.filter(last_name__in=["Nysson", "Ordf"]).exists()
    assert not RosterChange.objects.filter(group=npo).exists()


def test_a_file_exported_in_english_imports_again(npo, leader):
    from django.utils import translation

    MembershipFactory(group=npo, role=Role.EXPERT, start_date=D(2025, 1, 1))  # one process leader at a time
    with translation.override("en"):
        exported = rosterfiles.export_csv(list(Membership.objects.filter(group=npo)), with_contacts=True)
    assert "Processledare/processtöd" in exported.decode("utf-8-sig")
    other = Group.objects.get(slug="npo-tandvard")
    assert rosterfiles.import_roster(group=other, raw=exported).created == 2


def test_windows_excel_files_and_comma_separated_files_are_read(npo, leader):
    raw = csv_bytes("Åke;Ström;;Ledamot;Södra;2026-01-01;", encoding="cp1252")
    assert rosterfiles.import_roster(group=npo, raw=raw).created == 1
    comma = HEADER.replace(";", ",") + "Gun,Gran,,Ledamot,Västra,2026-01-01,\r\n"
    assert rosterfiles.import_roster(group=npo, raw=comma.encode()).created == 1


def test_missing_columns_are_named(npo):
    result = rosterfiles.import_roster(group=npo, raw=b"Namn;Roll\r\nA;Ledamot\r\n")
    assert "Kolumner saknas: Förnamn, Efternamn, Företräder, Mandat från." in result.errors[0].message


def test_import_page_shows_row_errors_and_needs_edit_rights(client, npo, leader):
    url = reverse("organisation:roster_import", args=[npo.slug])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(leader)
    upload = SimpleUploadedFile("lista.csv", csv_bytes("Ada;Adamsson;;Ledamot;Norrbottten;2026-01-01;"))
    response = client.post(url, {"file": upload, "roster_version": Group.objects.get(pk=npo.pk).roster_version})
    html = response.content.decode()
    assert "Ingenting importerades" in html and "Rad 2:" in html and "Norrbottten" in html
    upload = SimpleUploadedFile("lista.csv", csv_bytes("Ada;Adamsson;;Ledamot;Norrbotten;2026-01-01;"))
    response = client.post(url, {"file": upload, "roster_version": Group.objects.get(pk=npo.pk).roster_version})
    assert response.status_code == 200 and "Bekräfta importen" in response.content.decode()
    assert not Membership.objects.filter(group=npo, person__last_name="Adamsson").exists()  # a preview only
    response = client.post(url, {"payload": response.context["payload"]})
    assert response.status_code == 302
    assert Membership.objects.filter(group=npo, person__last_name="Adamsson").exists()


def test_roster_pdf_lists_members_by_role_without_contact_data(client, npo):
    MembershipFactory(
        group=npo,
        role=Role.CHAIR,
        person=PersonFactory(first_name="Örjan", last_name="Pdfsson", email="hemlig@test.invalid"),
        start_date=D(2025, 1, 1),
    )
    response = client.get(reverse("organisation:roster_pdf", args=[npo.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Ledamotsförteckning" in text and "Akut vård" in text
    assert "Ordförande" in text and "Örjan Pdfsson" in text
    assert "Värdskap: Mellansverige" in text
    assert "hemlig@test.invalid" not in text


def test_xlsx_export_has_the_same_rows_and_no_contacts_for_visitors(client, npo):
    import io

    from openpyxl import load_workbook

    MembershipFactory(
        group=npo,
        role=Role.CHAIR,
        person=PersonFactory(first_name="Åsa", last_name="Öberg", email="asa@test.invalid"),
        start_date=D(2025, 1, 1),
    )
    response = client.get(reverse("organisation:roster_xlsx", args=[npo.slug]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Förnamn", "Efternamn", "Roll", "Företräder", "Mandat från", "Mandat till och med"]
    assert ["Åsa", "Öberg", "Ordförande", None, "2025-01-01", None] in rows
    assert "asa@test.invalid" not in str(rows)
    assert sheet.title == "Akut vård"


@pytest.mark.parametrize(
    "name",
    [
        "Kognitiv svikt/demens",
        "[Test]: a*b?c\\d",
        "'citat'",
        "Ett mycket långt gruppnamn som är längre än trettioen tecken",
        "///",
    ],
)
def test_xlsx_export_accepts_any_group_name_as_sheet_title(name):
    import io

    from openpyxl import load_workbook

    title = rosterfiles.sheet_title(name)
    assert title and len(title) <= 31 and not set(title) & set("[]:*?/\\")
    body = rosterfiles.export_xlsx([], with_contacts=False, title=name)
    assert load_workbook(io.BytesIO(body)).active.title == title


def test_xlsx_download_of_a_group_with_a_slash_in_its_name(client, npo):
    npo.name = "Kognitiv svikt/demens"
    npo.save(update_fields=["name"])
    MembershipFactory(group=npo)
    response = client.get(reverse("organisation:roster_xlsx", args=[npo.slug]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\n" not in disposition and "/" not in disposition


def _counts():
    return (Membership.objects.count(), Person.objects.count(), RosterChange.objects.count())


ROW = "Nils;Nysson;nils@test.invalid;Ledamot;Norra;2026-01-01;2028-12-31"


def test_utf16_files_with_bom_are_read(npo, leader):
    raw = (HEADER + ROW + "\r\n").encode("utf-16")  # with BOM, as Excel's "Unicode text"
    assert rosterfiles.import_roster(group=npo, raw=raw, by=leader).created == 1
    raw = codecs.BOM_UTF16_BE + (HEADER + ROW.replace("Nils;Nysson;nils", "Ada;Bok;ada") + "\r\n").encode("utf-16-be")
    assert rosterfiles.import_roster(group=npo, raw=raw, by=leader).created == 1


def test_old_mac_line_endings_are_read(npo, leader):
    raw = (HEADER + ROW + "\r").replace("\r\n", "\r").encode()
    assert rosterfiles.import_roster(group=npo, raw=raw, by=leader).created == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (bytes(range(256)) * 8, "ingen textfil"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "kunde inte läsas som text"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8A", "UTF-16"),
        (csv_bytes("Nils;" + "N" * 131_073 + ";;Ledamot;;2026-01-01;"), "för långt"),
        (csv_bytes('"Nils;N' + "x" * 200_000), "för långt"),
    ],
)
def test_unreadable_files_are_refused_with_a_message_and_write_nothing(npo, leader, raw, message):
    before = _counts()
    limit = csv.field_size_limit()
    result = rosterfiles.import_roster(group=npo, raw=raw, by=leader)
    assert not result.ok and message in result.errors[0].message
    assert _counts() == before
    assert csv.field_size_limit() == limit


def test_a_nul_or_control_character_in_a_name_is_a_row_error(npo, leader):
    before = _counts()
    result = rosterfiles.import_roster(
        group=npo, raw=csv_bytes("Ni\x00ls;Nysson;;Ledamot;;2026-01-01;", ROW), by=leader
    )
    assert [(e.line, "otillåtna tecken" in e.message) for e in result.errors] == [(2, True)]
    assert _counts() == before


def test_an_unsniffable_file_leaves_csvs_global_state_alone(npo, leader):
    dialects, excel = csv.list_dialects(), (csv.excel.delimiter, csv.excel.quotechar, csv.excel.doublequote)
    limit = csv.field_size_limit()
    for raw in (b"x", b"Namn\r\n", csv_bytes(ROW), b'"\r\n"'):
        rosterfiles.import_roster(group=npo, raw=raw, by=leader)
    assert csv.list_dialects() == dialects
    assert (csv.excel.delimiter, csv.excel.quotechar, csv.excel.doublequote) == excel == (",", '"', True)
    assert csv.field_size_limit() == limit


NASTY_NAMES = [
    ('Anna "Nina"', "Svensson"),
    ('"Citat"', 'O"Brien'),
    ("Semi;kolon", "Komma, Efter"),
    ("Rad\nbrytning", "Två\r\nrader"),
    ("=SUMMA(A1)", "+46"),
    ("-Minus", "@Snabel"),
    ("'Apostrof", "''Två"),
    ("'=Redan", "O'Neill"),
]


@pytest.mark.parametrize(("first", "last"), NASTY_NAMES)
def test_export_then_import_round_trips_names_exactly(npo, leader, first, last):
    person = Person.objects.create(first_name=first, last_name=last, email="rund@test.invalid")
    MembershipFactory(group=npo, person=person, role=Role.MEMBER, start_date=D(2025, 1, 1))
    exported = rosterfiles.export_csv(list(Membership.objects.filter(group=npo, person=person)), with_contacts=True)
    rows, errors = rosterfiles.parse(exported)
    assert errors == []
    assert [(r.person.first_name, r.person.last_name) for r in rows] == [(first, last)]


def test_doubled_quotes_from_the_export_are_read_once(npo, leader):
    raw = csv_bytes('"Anna ""Nina""";Svensson;;Ledamot;;2026-01-01;')
    rows, errors = rosterfiles.parse(raw)
    assert errors == [] and rows[0].person.first_name == 'Anna "Nina"'
