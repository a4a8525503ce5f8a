"""Rosters as files: CSV export that opens cleanly in Excel, and an all-or-nothing CSV import.

The import validates every row, then applies all rows in one transaction through the same
services as the roster page; if any row is refused (by parsing or by a rule such as "one chair
at a time"), the transaction is rolled back and every bad row is reported. Nothing is written.
"""

import codecs
import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from . import services
from .choices import Role
from .models import (
    Group,
    HealthcareRegion,
    Membership,
    Municipality,
    Organisation,
    Person,
    Region,
    RosterChange,
)
from .models.periods import date_in_range, date_range_message

COLUMNS = ["Förnamn", "Efternamn", "E-post", "Roll", "Företräder", "Mandat från", "Mandat till och med"]
MAX_ROWS = 2000
MAX_BYTES = 1_000_000


def export_csv(memberships: list[Membership], *, with_contacts: bool) -> bytes:
    """Semicolon-separated UTF-8 with BOM and CRLF: what Swedish Excel opens without a wizard.

    Always in Swedish, whatever the UI language, so that an exported file imports again.
    """
    with translation.override("sv"):
        return _export_csv(memberships, with_contacts=with_contacts)


def _rows(memberships: list[Membership], *, with_contacts: bool) -> list[list[str]]:
    """The header and one row per membership, as text, in the import's column order."""
    rows = [COLUMNS if with_contacts else [c for c in COLUMNS if c != "E-post"]]
    for m in memberships:
        row = [m.person.first_name, m.person.last_name]
        if with_contacts:
            row.append(m.person.email)
        row += [
            m.get_role_display(),
            str(m.represents or ""),
            m.start_date.isoformat() if m.start_date else "",
            m.end_date.isoformat() if m.end_date else "",
        ]
        rows.append([neutralise(value) for value in row])
    return rows


def _export_csv(memberships: list[Membership], *, with_contacts: bool) -> bytes:
    return csv_bytes(_rows(memberships, with_contacts=with_contacts))


def csv_bytes(rows: list[list[str]]) -> bytes:
    """Rows as every export of the portal writes them: semicolons, CRLF, UTF-8 with BOM.
    Cells are written as given: neutralise formulas first (`neutralise`)."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(memberships: list[Membership], *, with_contacts: bool, title: str) -> bytes:
    """The same rows as the CSV in an Excel workbook; dates stay text in ISO form so that the
    file can be imported again after saving as CSV."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override("sv"):
        rows = _rows(memberships, with_contacts=with_contacts)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(len(str(c.value or "")) for c in column) + 2
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sheet_title(name: str) -> str:
    """A worksheet title Excel accepts: none of []:*?/\\, no apostrophe at either end, at most
    31 characters, not empty."""
    title = "".join(" " if c in "[]:*?/\\" or not c.isprintable() else c for c in name)
    title = " ".join(title.split())[:31].strip().strip("'").strip()
    return title or "Ledamöter"


def neutralise(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in NEUTRALISED else value


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportResult:
    created: int = 0
    ended: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    change: RosterChange | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ParsedRow:
    line: int
    person: Person
    role: str
    represents: object
    start_date: datetime.date
    end_date: datetime.date | None

    @property
    def role_display(self) -> str:
        return Role(self.role).label


class _FileRefused(Exception):
    """The file as a whole cannot be read: one file-level message, nothing written."""


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), or Windows-1252
    (Excel on Windows saves "CSV" so). Anything else, such as binary junk, is refused."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _FileRefused(_("Filen kunde inte läsas som UTF-16-text.")) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:  # neither UTF-8 nor text in Windows-1252: binary
        raise _FileRefused(_("Filen är ingen textfil. Spara listan som CSV (UTF-8) och försök igen."))
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise _FileRefused(
            _("Filen kunde inte läsas som text. Spara listan som CSV (UTF-8) och försök igen.")
        ) from None


class _Dialect(csv.Dialect):
    """What the export writes and Excel saves: quoted with doubled quotes. Only the separator
    varies (semicolon in Swedish Excel, comma or tab elsewhere). Our own class: csv's global
    dialects and limits are never touched."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    strict = False


def _dialect(text: str) -> type[csv.Dialect]:
    """The separator is the one of ; , tab that occurs most often in the header line."""
    first = text.splitlines()[0] if text else ""
    counts = {sep: first.count(sep) for sep in ";,\t"}
    separator = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return type("_Detected", (_Dialect,), {"delimiter": separator})


#: What the export puts before a value a spreadsheet would run as a formula (see neutralise).
NEUTRALISED = ("=", "+", "-", "@", "\t", "\r", "'")


def _unneutralise(value: str) -> str:
    """Undo neutralise: an apostrophe before a formula character (or before an apostrophe) was
    added by the export. A round trip export → import is lossless."""
    return value[1:] if value[:1] == "'" and value[1:2] in NEUTRALISED else value


def _has_control_characters(value: str) -> bool:
    """NUL and other control characters (newlines and tabs aside) are never part of a name."""
    return any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\r\t" for c in value)


def _role_lookup() -> dict[str, str]:
    """Role names as exported (Swedish), as stored, and halves such as "processtöd"."""
    lookup = {}
    with translation.override("sv"):
        for role in Role:
            lookup[role.value] = role.value
            lookup[str(role.label).lower()] = role.value
            for part in str(role.label).lower().split("/"):
                lookup[part.strip()] = role.value
    return lookup


def _represents_lookup() -> dict[str, object]:
    lookup: dict[str, object] = {}
    for hr in HealthcareRegion.objects.prefetch_related("former_names"):
        for name in [hr.name, *(n.name for n in hr.former_names.all())]:
            lookup[name.lower()] = hr
            lookup[f"sjukvårdsregion {name}".lower()] = hr
    for region in Region.objects.all():
        lookup.setdefault(region.name.lower(), region)
        lookup[f"region {region.name}".lower()] = region
    for municipality in Municipality.objects.all():
        lookup.setdefault(municipality.name.lower(), municipality)
    for org in Organisation.objects.all():
        lookup[org.name.lower()] = org
        if org.short_name:
            lookup[org.short_name.lower()] = org
    return lookup


def _date(value: str, line: int, column: str, errors: list[RowError]) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(
            RowError(
                line,
                _("%(column)s ”%(value)s” är inget giltigt datum. Skriv datum som ÅÅÅÅ-MM-DD.")
                % {"column": column, "value": value},
            )
        )
        return None
    if not date_in_range(day):
        errors.append(RowError(line, f"{column}: {date_range_message()}"))
        return None
    return day


def read(raw: bytes) -> tuple[str, list[RowError]]:
    """The file as text, or a file-level error."""
    if len(raw) > MAX_BYTES:
        return "", [RowError(0, _("Filen är för stor (högst 1 MB)."))]
    try:
        return _decode(raw), []
    except _FileRefused as exc:
        return "", [RowError(0, str(exc))]


def parse(raw: bytes) -> tuple[list[ParsedRow], list[RowError]]:
    """Check every row against the file format and the reference data; write nothing."""
    text, errors = read(raw)
    return ([], errors) if errors else parse_text(text)


def parse_text(text: str) -> tuple[list[ParsedRow], list[RowError]]:
    """parse() for a file already read as text (the import's confirm step re-reads it so)."""
    reader = None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), dialect=_dialect(text))
        header = [h.strip() for h in (reader.fieldnames or [])]
        required = [c for c in COLUMNS if c != "Mandat till och med" and c != "E-post"]
        if missing := [c for c in required if c not in header]:
            return [], [RowError(1, _("Kolumner saknas: %(columns)s.") % {"columns": ", ".join(missing)})]
        records = []
        for record in reader:
            records.append((reader.line_num, record))
            if len(records) > MAX_ROWS:
                return [], [RowError(0, _("Filen har för många rader (högst %(max)s).") % {"max": MAX_ROWS})]
    except csv.Error:
        # Most often a cell longer than csv's field limit (131 072 characters); never raised
        # for us, since that limit is global to the process.
        line = reader.line_num if reader is not None else 0
        return [], [
            RowError(line, _("Filen kunde inte läsas som CSV (ett fält är för långt eller felaktigt citerat)."))
        ]
    roles, represents_by_name = _role_lookup(), _represents_lookup()
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    emails = {e for _line, r in records if not _has_control_characters(e := _cell(r, "E-post").lower())} - {""}
    # E-mail is unique whatever its case (organisation_person_unique_email): match it that way.
    people_by_email = (
        {p.email.lower(): p for p in Person.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)}
        if emails
        else {}
    )
    for line, record in records:
        record = {k.strip(): _unneutralise((v or "").strip()) for k, v in record.items() if isinstance(k, str) and k}
        if not any(record.values()):
            continue
        if any(_has_control_characters(v) for v in (*record.values(), *record)):
            errors.append(RowError(line, _("Raden innehåller otillåtna tecken (till exempel NUL).")))
            continue
        first, last, email = record.get("Förnamn", ""), record.get("Efternamn", ""), record.get("E-post", "")
        before = len(errors)
        if not first or not last:
            errors.append(RowError(line, _("Förnamn och efternamn måste fyllas i.")))
        role = roles.get(record.get("Roll", "").lower())
        if role is None:
            errors.append(RowError(line, _("Okänd roll ”%(value)s”.") % {"value": record.get("Roll", "")}))
        represents = None
        if name := record.get("Företräder", ""):
            represents = represents_by_name.get(name.lower())
            if represents is None:
                errors.append(
                    RowError(
                        line,
                        _("Okänd sjukvårdsregion, region eller organisation ”%(value)s”.") % {"value": name},
                    )
                )
        start = _date(record.get("Mandat från", ""), line, "Mandat från", errors)
        end_text = record.get("Mandat till och med", "")
        end = _date(end_text, line, "Mandat till och med", errors) if end_text else None
        if start and end and end < start:
            errors.append(RowError(line, _("Slutdatum kan inte vara före startdatum.")))
        person = people_by_email.get(email.lower()) if email else None
        if person is not None and (person.first_name, person.last_name) != (first, last):
            errors.append(
                RowError(
                    line,
                    _("E-postadressen %(email)s tillhör redan %(name)s, inte %(given)s.")
                    % {"email": email, "name": person.full_name, "given": f"{first} {last}"},
                )
            )
        if person is None and email and first and last:
            # A new person on several rows (several roles) is one person, created once.
            person = people_by_email.setdefault(email.lower(), Person(first_name=first, last_name=last, email=email))
        key = (email.lower() or f"{first} {last}".lower(), role)
        if key in seen:
            errors.append(
                RowError(
                    line,
                    _("Personen finns redan på rad %(line)s med samma roll (dubblett).") % {"line": seen[key]},
                )
            )
        seen.setdefault(key, line)
        if len(errors) == before:
            rows.append(
                ParsedRow(
                    line=line,
                    person=person or Person(first_name=first, last_name=last, email=email),
                    role=role,
                    represents=represents,
                    start_date=start,
                    end_date=end,
                )
            )
    if not rows and not errors:
        errors.append(RowError(0, _("Filen innehåller inga rader att importera.")))
    return rows, errors


def _cell(record: dict, column: str) -> str:
    for key, value in record.items():
        if isinstance(key, str) and key.strip() == column:
            return _unneutralise((value or "").strip()) if isinstance(value, str) else ""
    return ""


# Reconciliation: an import is compared with the roster before anything is written


@dataclass
class Plan:
    """What an import would do to the roster, row by row: nothing of it is written yet."""

    add: list[ParsedRow] = field(default_factory=list)
    unchanged: list[tuple[ParsedRow, Membership]] = field(default_factory=list)
    end: list[tuple[ParsedRow, Membership]] = field(default_factory=list)
    differs: list[tuple[ParsedRow, Membership, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def writes(self) -> bool:
        return bool(self.add or self.end)


def _represents_text(value) -> str:
    return str(value) if value else ""


def reconcile(group: Group, rows: list[ParsedRow], *, on: datetime.date | None = None) -> Plan:
    """Compare the file's rows with the roster's current and upcoming memberships.

    A row matches a membership when its person (by e-mail whatever its case; without a known
    e-mail, by exact first and last name among the group's current members) holds the same role.
    A matching row is:

    - "unchanged" when its period and what it represents are the membership's;
    - "to end" when it gives an end date today or earlier that the membership does not have
      (ended through the same rule as the roster page: the row stays as history);
    - "differs" (skiljer sig) otherwise: listed in the preview and left alone. A spreadsheet
      whose dates differ is most often an older or hand-edited copy; silently rewriting a
      mandate's period from it could move a start date or erase an end, so corrections are made
      one at a time on the roster page, where each gets its own line in the history.

    A row without a match is added (a new person is created for it as before). A member who is
    not in the file is left alone: a file may well list only the new members.
    """
    from .models.periods import today
    from .selectors import upcoming_and_current_memberships

    on = on or today()
    plan = Plan()
    memberships = list(upcoming_and_current_memberships(group, on=on))
    by_person_role: dict[tuple[int, str], list[Membership]] = {}
    by_name: dict[tuple[str, str], set[Person]] = {}
    for m in memberships:
        by_person_role.setdefault((m.person_id, m.role), []).append(m)
        by_name.setdefault((m.person.first_name, m.person.last_name), set()).add(m.person)
    used: set[int] = set()
    for row in rows:
        if row.person.pk is None:
            named = by_name.get((row.person.first_name, row.person.last_name), set())
            if len(named) == 1 and (not row.person.email or not next(iter(named)).email):
                row.person = next(iter(named))
        candidates = [m for m in by_person_role.get((row.person.pk, row.role), []) if m.pk not in used]
        if row.person.pk is None or not candidates:
            plan.add.append(row)
            continue
        membership = next((m for m in candidates if m.start_date == row.start_date), candidates[0])
        used.add(membership.pk)
        if row.end_date and row.end_date <= on and row.end_date != membership.end_date:
            plan.end.append((row, membership))
            continue
        different = []
        if row.start_date != membership.start_date:
            different.append(
                _("mandat från %(file)s i filen, %(roster)s i listan")
                % {"file": row.start_date.isoformat(), "roster": membership.start_date.isoformat()}
            )
        if row.end_date != membership.end_date:
            different.append(
                _("mandat till och med %(file)s i filen, %(roster)s i listan")
                % {
                    "file": row.end_date.isoformat() if row.end_date else "–",
                    "roster": membership.end_date.isoformat() if membership.end_date else "–",
                }
            )
        if _represents_text(row.represents) != _represents_text(membership.represents):
            different.append(
                _("företräder ”%(file)s” i filen, ”%(roster)s” i listan")
                % {"file": _represents_text(row.represents), "roster": _represents_text(membership.represents)}
            )
        if different:
            plan.differs.append((row, membership, "; ".join(different)))
        else:
            plan.unchanged.append((row, membership))
    return plan


def preview(group: Group, text: str) -> Plan:
    """Parse and reconcile a file read as text; write nothing."""
    rows, errors = parse_text(text)
    plan = reconcile(group, rows) if not errors else Plan()
    plan.errors = errors
    return plan


# The confirm step: the file's text travels back signed, bound to the group, user and version

SIGNING_SALT = "organisation.rosterfiles.import"
SIGNED_MAX_AGE = 2 * 60 * 60  # seconds a preview may be confirmed


def sign(*, group: Group, version: int, user, text: str) -> str:
    """The file's text for the preview's confirm form: compressed, URL-safe and signed, so the
    confirm step re-reads the very file the user saw, for this group, user and roster version."""
    return signing.dumps(
        {"group": group.pk, "user": getattr(user, "pk", None), "version": version, "text": text},
        salt=SIGNING_SALT,
        compress=True,
    )


def unsign(token: str, *, group: Group, user) -> tuple[str, int]:
    """The text and the roster version a preview was made against; refuses a tampered, expired
    or foreign payload with a ValidationError."""
    refused = ValidationError(
        _("Förhandsgranskningen kunde inte bekräftas (den är för gammal eller har ändrats). Ladda upp filen igen."),
        code="bad_payload",
    )
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=SIGNED_MAX_AGE)
    except (signing.BadSignature, ValueError):
        raise refused from None
    if (
        not isinstance(data, dict)
        or data.get("group") != group.pk
        or data.get("user") != getattr(user, "pk", None)
        or not isinstance(data.get("version"), int)
        or not isinstance(data.get("text"), str)
    ):
        raise refused
    return data["text"], data["version"]


def _summary(plan: Plan) -> str:
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        return _("Importerade en fil: %(added)s uppdrag tillagda, %(ended)s avslutade, %(unchanged)s oförändrade.") % {
            "added": len(plan.add),
            "ended": len(plan.end),
            "unchanged": len(plan.unchanged) + len(plan.differs),
        }


def import_roster(
    *,
    group: Group,
    raw: bytes | None = None,
    text: str | None = None,
    by=None,
    expected_version: int | None = None,
) -> ImportResult:
    """Reconcile the file with the roster and write the difference, all or nothing, as one
    change in the history (see reconcile). The roster is locked and, with `expected_version`,
    a roster changed since the preview is refused (RosterConflict). Every refused row is listed."""
    if text is None:
        text, errors = read(raw or b"")
        if errors:
            return ImportResult(errors=errors)
    rows, errors = parse_text(text)
    if errors:
        return ImportResult(errors=errors)
    new_people: dict[str, Person] = {}
    with transaction.atomic():
        group = services.lock_roster(group, expected_version)
        plan = reconcile(group, rows)
        result = ImportResult(unchanged=len(plan.unchanged) + len(plan.differs))
        if not plan.writes:
            return result
        additions = []
        for row in plan.add:
            person = row.person
            if person.pk is None:  # the same new person on several rows is one person
                key = person.email.lower() or f"{person.first_name} {person.last_name}".lower()
                person = new_people.setdefault(key, person)
            fields = {
                "role": row.role,
                "start_date": row.start_date,
                "end_date": row.end_date,
                "represents": row.represents,
            }
            additions.append((row.line, person, fields))
        try:
            result.change = services.roster_import(
                group=group,
                additions=additions,
                endings=[(row.line, m, row.end_date) for row, m in plan.end],
                summary=_summary(plan),
                by=by,
            )
        except services.ImportRefused as exc:
            return ImportResult(errors=[RowError(line, " ".join(messages)) for line, messages in exc.rows])
    result.created, result.ended = len(plan.add), len(plan.end)
    return result


class _DryRun(Exception):
    pass


def rule_errors(group: Group, text: str) -> list[RowError]:
    """The rows the rules would refuse (one chair at a time, the group's lifetime …), found by
    importing in a transaction that is always rolled back, so that the preview shows them
    before the user confirms. Nothing is kept."""
    try:
        with transaction.atomic():
            result = import_roster(group=group, text=text)
            if not result.ok:
                return result.errors
            raise _DryRun
    except _DryRun:
        return []
