"""Import that round-trips (issue 7, item 11): an import is a reconciliation with a preview,
a confirm that re-reads the signed file under the roster lock, and one undoable history entry."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kunskapsstyrning.organisation import rosterfiles, services
from kunskapsstyrning.organisation.choices import Role
from kunskapsstyrning.organisation.models import Group, Membership, Person, RosterChange
from kunskapsstyrning.organisation.models.periods import today
from kunskapsstyrning.organisation.selectors import current_memberships
from tests.clock import frozen
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.rosterfile import csv_bytes

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


@pytest.fixture
def roster(npo, leader):
    """Eleven current members: the leader, a chair, nine members (one without e-mail, one with a
    name a spreadsheet would run as a formula, one representing a healthcare region)."""
    MembershipFactory(group=npo, role=Role.CHAIR, start_date=D(2025, 1, 1), end_date=D(2027, 12, 31))
    MembershipFactory(group=npo, person=PersonFactory(email=""), start_date=D(2025, 2, 1))
    MembershipFactory(
        group=npo, person=PersonFactory(first_name="=Formel", last_name="O'Neill"), start_date=D(2025, 1, 1)
    )
    from kunskapsstyrning.organisation.models import HealthcareRegion

    MembershipFactory(
        group=npo, start_date=D(2025, 1, 1), represents_healthcare_region=HealthcareRegion.objects.get(name="Norra")
    )
    for _ in range(6):
        MembershipFactory(group=npo, start_date=D(2025, 6, 1))
    assert len(current_memberships(npo, on=today())) == 11
    return npo


def export(group, *, with_contacts=True) -> bytes:
    return rosterfiles.export_csv(list(current_memberships(group, on=today())), with_contacts=with_contacts)


def membership_rows(group):
    return sorted(
        Membership.objects.filter(group=group).values_list("pk", "person_id", "role", "start_date", "end_date")
    )


def version(group) -> int:
    return Group.objects.get(pk=group.pk).roster_version


def upload(client, group, raw: bytes):
    url = reverse("organisation:roster_import", args=[group.slug])
    return client.post(url, {"roster_version": version(group), "file": SimpleUploadedFile("lista.csv", raw)})


@pytest.mark.parametrize("with_contacts", [True, False])
def test_the_roster_s_own_export_imports_back_as_unchanged(roster, leader, with_contacts):
    before = (membership_rows(roster), Person.objects.count(), RosterChange.objects.count())
    exported = export(roster, with_contacts=with_contacts)
    plan = rosterfiles.preview(roster, rosterfiles.read(exported)[0])
    assert (len(plan.unchanged), len(plan.add), len(plan.end), len(plan.differs), plan.errors) == (11, 0, 0, 0, [])
    result = rosterfiles.import_roster(group=roster, raw=exported, by=leader)
    assert result.ok and (result.created, result.unchanged, result.change) == (0, 11, None)
    assert (membership_rows(roster), Person.objects.count(), RosterChange.objects.count()) == before


def test_the_preview_page_of_the_export_says_eleven_unchanged_and_confirm_writes_nothing(client, roster, leader):
    client.force_login(leader)
    before = (membership_rows(roster), Person.objects.count(), RosterChange.objects.count())
    response = upload(client, roster, export(roster))
    html = response.content.decode()
    assert response.status_code == 200
    assert "11 oförändrade" in html and "0 uppdrag läggs till" in html
    assert (membership_rows(roster), Person.objects.count(), RosterChange.objects.count()) == before
    response = client.post(
        reverse("organisation:roster_import", args=[roster.slug]), {"payload": response.context["payload"]}
    )
    assert response.status_code == 302
    assert (membership_rows(roster), Person.objects.count(), RosterChange.objects.count()) == before


def test_one_new_person_among_unchanged_rows_is_previewed_then_added_once(client, roster, leader):
    client.force_login(leader)
    raw = export(roster) + b"Nils;Nysson;nils@test.invalid;Ledamot;Norra;2026-04-01;\r\n"
    persons, changes = Person.objects.count(), RosterChange.objects.count()
    response = upload(client, roster, raw)
    plan = response.context["plan"]
    assert (len(plan.add), len(plan.unchanged)) == (1, 11)
    assert "1 uppdrag läggs till" in response.content.decode() and "Nils Nysson" in response.content.decode()
    assert Person.objects.count() == persons and RosterChange.objects.count() == changes  # nothing written yet
    response = client.post(
        reverse("organisation:roster_import", args=[roster.slug]), {"payload": response.context["payload"]}
    )
    assert response.status_code == 302
    assert Person.objects.count() == persons + 1
    assert Membership.objects.filter(group=roster, person__email="nils@test.invalid").count() == 1
    change = RosterChange.objects.get(group=roster, version=version(roster))
    assert change.action == RosterChange.Action.IMPORTED and RosterChange.objects.count() == changes + 1
    assert "1 uppdrag tillagda" in change.summary
    # The same file again: now everything is unchanged.
    plan = rosterfiles.preview(roster, raw.decode("utf-8-sig"))
    assert (len(plan.add), len(plan.unchanged)) == (0, 12)


def test_an_end_date_today_or_earlier_ends_the_membership_and_a_different_date_is_left_alone(roster, leader):
    text = export(roster).decode("utf-8-sig")
    lines = text.split("\r\n")
    chair = next(i for i, line in enumerate(lines) if ";Ordförande;" in line)
    lines[chair] = lines[chair].replace("2027-12-31", today().isoformat())
    member = next(i for i, line in enumerate(lines) if line.endswith(";2025-06-01;"))
    lines[member] = lines[member].replace("2025-06-01", "2025-07-01")
    plan = rosterfiles.preview(roster, "\r\n".join(lines))
    assert (len(plan.end), len(plan.differs), len(plan.unchanged)) == (1, 1, 9)
    assert "mandat från 2025-07-01 i filen, 2025-06-01 i listan" in plan.differs[0][2]
    result = rosterfiles.import_roster(group=roster, text="\r\n".join(lines), by=leader)
    assert result.ok and (result.created, result.ended) == (0, 1)
    assert Membership.objects.get(group=roster, role=Role.CHAIR).end_date == today()
    assert not Membership.objects.filter(group=roster, start_date=D(2025, 7, 1)).exists()


def test_a_stale_confirm_is_refused_and_writes_nothing(client, roster, leader):
    client.force_login(leader)
    raw = export(roster) + b"Nils;Nysson;nils@test.invalid;Ledamot;;2026-04-01;\r\n"
    payload = upload(client, roster, raw).context["payload"]
    services.membership_create(person=PersonFactory(), group=roster, start_date=D(2026, 1, 1))  # someone else
    before = (membership_rows(roster), Person.objects.count(), RosterChange.objects.count())
    response = client.post(reverse("organisation:roster_import", args=[roster.slug]), {"payload": payload})
    assert response.status_code == 200
    assert "Någon annan har ändrat ledamotslistan" in response.content.decode()
    assert (membership_rows(roster), Person.objects.count(), RosterChange.objects.count()) == before


def test_a_tampered_or_foreign_payload_is_refused(client, roster, leader):
    client.force_login(leader)
    raw = export(roster) + b"Nils;Nysson;nils@test.invalid;Ledamot;;2026-04-01;\r\n"
    payload = upload(client, roster, raw).context["payload"]
    other = Group.objects.get(slug="npo-tandvard")
    other_leader = UserFactory()
    MembershipFactory(group=other, role=Role.PROCESS_LEADER, person=PersonFactory(user=other_leader))
    forged = rosterfiles.sign(group=roster, version=version(roster), user=leader, text=raw.decode()).replace(
        ":", "x:", 1
    )
    before = (membership_rows(roster), Person.objects.count(), RosterChange.objects.count())
    url = reverse("organisation:roster_import", args=[roster.slug])
    for bad in (payload[:-2] + ("AA" if not payload.endswith("AA") else "BB"), forged, "", "x" * 5000):
        response = client.post(url, {"payload": bad})
        assert response.status_code == 200
        assert "kunde inte bekräftas" in response.content.decode()
    # Signed for another group or another user: refused too.
    foreign = rosterfiles.sign(group=other, version=version(other), user=leader, text=raw.decode())
    assert "kunde inte bekräftas" in client.post(url, {"payload": foreign}).content.decode()
    someone_else = rosterfiles.sign(group=roster, version=version(roster), user=other_leader, text=raw.decode())
    assert "kunde inte bekräftas" in client.post(url, {"payload": someone_else}).content.decode()
    assert (membership_rows(roster), Person.objects.count(), RosterChange.objects.count()) == before


def test_a_confirm_needs_edit_rights(client, roster, leader):
    client.force_login(leader)
    payload = upload(client, roster, csv_bytes("Nils;Nysson;;Ledamot;;2026-04-01;")).context["payload"]
    client.force_login(UserFactory())
    response = client.post(reverse("organisation:roster_import", args=[roster.slug]), {"payload": payload})
    assert response.status_code == 403
    assert not Person.objects.filter(last_name="Nysson").exists()


def test_undo_restores_the_exact_previous_state_as_one_history_entry(client, roster, leader):
    client.force_login(leader)
    text = export(roster).decode("utf-8-sig")
    lines = text.split("\r\n")
    chair = next(i for i, line in enumerate(lines) if ";Ordförande;" in line)
    lines[chair] = lines[chair].replace("2027-12-31", "2026-03-01")
    lines.insert(-1, "Nils;Nysson;nils@test.invalid;Ledamot;;2026-04-01;")
    lines.insert(-1, "Nora;Nyberg;;Expert;;2026-04-01;")
    raw = "\r\n".join(lines).encode()
    before = (membership_rows(roster), Person.objects.count())
    payload = upload(client, roster, raw).context["payload"]
    client.post(reverse("organisation:roster_import", args=[roster.slug]), {"payload": payload})
    assert Person.objects.count() == before[1] + 2
    assert Membership.objects.get(group=roster, role=Role.CHAIR).end_date == D(2026, 3, 1)
    changes = RosterChange.objects.count()

    history = client.get(reverse("organisation:roster_history", args=[roster.slug]))
    assert "Ångra importen" in history.content.decode()
    imported = RosterChange.objects.get(group=roster, version=version(roster))
    response = client.post(reverse("organisation:roster_import_undo", args=[roster.slug, imported.version]))
    assert response.status_code == 302
    assert (membership_rows(roster), Person.objects.count()) == before
    assert RosterChange.objects.count() == changes + 1
    undo = RosterChange.objects.get(group=roster, version=version(roster))
    assert undo.summary.startswith("Ångrade importen")
    assert (
        "Ångra importen" not in client.get(reverse("organisation:roster_history", args=[roster.slug])).content.decode()
    )
    # Undone once: the import is no longer the latest change, a second undo is refused.
    response = client.post(
        reverse("organisation:roster_import_undo", args=[roster.slug, imported.version]), follow=True
    )
    assert "Bara den senaste ändringen" in response.content.decode()
    assert RosterChange.objects.count() == changes + 1
    # Importing the same file again does not duplicate anyone.
    result = rosterfiles.import_roster(group=roster, raw=raw, by=leader)
    assert result.ok and result.created == 2
    assert Person.objects.count() == before[1] + 2


def test_undo_is_refused_after_a_later_change_or_for_someone_without_edit_rights(client, roster, leader):
    result = rosterfiles.import_roster(group=roster, raw=csv_bytes("Nils;Nysson;;Ledamot;;2026-04-01;"), by=leader)
    imported = result.change
    url = reverse("organisation:roster_import_undo", args=[roster.slug, imported.version])
    client.force_login(UserFactory())
    assert client.post(url).status_code == 403
    services.membership_create(person=PersonFactory(), group=roster, start_date=D(2026, 1, 1))
    changes = RosterChange.objects.count()
    client.force_login(leader)
    response = client.post(url, follow=True)
    assert "Bara den senaste ändringen" in response.content.decode()
    assert RosterChange.objects.count() == changes
    assert Membership.objects.filter(group=roster, person__last_name="Nysson").exists()


def test_undo_is_refused_when_a_created_membership_was_changed_since(roster, leader):
    from django.core.exceptions import ValidationError

    result = rosterfiles.import_roster(group=roster, raw=csv_bytes("Nils;Nysson;;Ledamot;;2026-04-01;"), by=leader)
    Membership.objects.filter(group=roster, person__last_name="Nysson").update(end_date=D(2026, 12, 31))
    with pytest.raises(ValidationError, match="har ändrats efter importen"):
        services.roster_import_undo(result.change, by=leader)
    assert Membership.objects.filter(group=roster, person__last_name="Nysson").exists()


def test_a_row_refused_by_a_rule_writes_nothing_and_is_listed(client, roster, leader):
    client.force_login(leader)
    raw = csv_bytes("Nils;Nysson;;Ledamot;;2026-04-01;", "Anna;Ordf;;Ordförande;;2026-04-01;")  # a second chair
    before = (membership_rows(roster), Person.objects.count(), RosterChange.objects.count())
    response = upload(client, roster, raw)  # the preview already shows the refused row
    html = response.content.decode()
    assert "Ingenting importerades" in html and "Rad 3:" in html and "ordförande" in html
    assert "payload" not in response.context and "Bekräfta importen" not in html
    assert (membership_rows(roster), Person.objects.count(), RosterChange.objects.count()) == before
    # A confirm whose rows the rules refuse (the roster changed in a way the version check
    # cannot see, such as a date passing) lists them too and writes nothing.
    payload = rosterfiles.sign(group=roster, version=version(roster), user=leader, text=raw.decode())
    response = client.post(reverse("organisation:roster_import", args=[roster.slug]), {"payload": payload})
    html = response.content.decode()
    assert "Ingenting importerades" in html and "Rad 3:" in html and "ordförande" in html
    assert (membership_rows(roster), Person.objects.count(), RosterChange.objects.count()) == before
