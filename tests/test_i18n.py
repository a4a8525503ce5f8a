"""The English catalogue is complete, compiled, and used when a visitor switches language.

The source strings are Swedish; locale/en/LC_MESSAGES/django.po holds the English ones and
django.mo is its compiled form, committed because the runtime machine may lack GNU gettext.
The .po file is read with a small standard-library parser so that these tests need no gettext.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from kunskapsstyrning.organisation.choices import GroupKind, Role

SWEDISH_HEADING = "<h1>Kunskapsstyrning hälso- och sjukvård</h1>"
ENGLISH_HEADING = "<h1>Knowledge governance in healthcare</h1>"


def catalogue_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


# --- A small .po parser -------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def unquote(literal: str) -> str:
    # PO strings use C escapes (\n, \t, \", \\), which a Python string literal reads the same way.
    value = ast.literal_eval(literal)
    assert isinstance(value, str), literal
    return value


def parse_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None  # which field a continuation line extends

    def flush() -> None:
        nonlocal entry, target
        if entry is not None and (entry.msgstr or entry.msgid or entry.msgid_plural is not None):
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if entry is None:
            entry = Entry(line=number)
        if line.startswith("#~"):
            # An obsolete entry: read it like any other, but mark it.
            entry.obsolete = True
            line = line[2:].strip()
            if not line or line.startswith("|"):
                continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#"):
            continue
        match = KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if keyword in ("msgctxt", "msgid") and entry.msgstr:
                # A new entry without a blank line in between.
                flush()
                entry = Entry(line=number)
            value = unquote(literal)
            if keyword == "msgctxt":
                entry.msgctxt, target = value, ("msgctxt", None)
            elif keyword == "msgid":
                entry.msgid, target = value, ("msgid", None)
            elif keyword == "msgid_plural":
                entry.msgid_plural, target = value, ("msgid_plural", None)
            else:
                slot = int(index) if index is not None else 0
                entry.msgstr[slot], target = value, ("msgstr", slot)
            continue
        if line.startswith('"') and target is not None:
            name, slot = target
            value = unquote(line)
            if name == "msgstr":
                entry.msgstr[slot] += value
            else:
                setattr(entry, name, getattr(entry, name) + value)
            continue
        raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    flush()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    path = catalogue_dir() / "django.po"
    assert path.is_file(), f"{path} is missing: run makemessages -l en"
    return parse_po(path)


@pytest.fixture(scope="module")
def messages(po_entries) -> list[Entry]:
    """The translatable entries: no header, no obsolete (#~) leftovers."""
    return [e for e in po_entries if not e.is_header and not e.obsolete]


@pytest.fixture(scope="module")
def mo() -> gettext.GNUTranslations:
    path = catalogue_dir() / "django.mo"
    assert path.is_file(), f"{path} is missing: run compilemessages -l en"
    with path.open("rb") as fh:
        return gettext.GNUTranslations(fh)


# --- The .po file -------------------------------------------------------------------------

PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"  # python-format
    r"|\{[^{}]*\}"  # python-brace-format
)


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def test_parser_reads_a_po_file_with_plurals_contexts_and_fuzzy_entries(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "Hej %(name)s"\nmsgstr ""\n"Hello "\n"%(name)s"\n\n'
        'msgctxt "månad"\nmsgid "maj"\nmsgstr "May"\n\n'
        'msgid "%(counter)s grupp"\nmsgid_plural "%(counter)s grupper"\nmsgstr[0] "x"\nmsgstr[1] ""\n\n'
        '#~ msgid "borta"\n#~ msgstr "gone"\n',
        encoding="utf-8",
    )
    header, greeting, month, plural, old = parse_po(sample)
    assert header.is_header and header.msgstr[0] == "Language: en\n"
    assert greeting.flags == {"fuzzy", "python-format"}
    assert greeting.msgid == "Hej %(name)s" and greeting.msgstr[0] == "Hello %(name)s"
    assert month.msgctxt == "månad" and month.msgstr[0] == "May"
    assert plural.msgid_plural == "%(counter)s grupper" and plural.msgstr == {0: "x", 1: ""}
    assert old.obsolete


def test_catalogue_is_english_with_two_plural_forms(po_entries, messages):
    headers = [e for e in po_entries if e.is_header]
    assert len(headers) == 1
    header = headers[0].msgstr[0]
    assert "Language: en\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header
    assert "charset=UTF-8" in header
    assert len(messages) > 100, "the catalogue looks truncated"


def test_no_entry_is_fuzzy(po_entries):
    fuzzy = [e.label() for e in po_entries if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries are left out of the .mo: {fuzzy}"


def test_every_entry_is_translated(messages):
    untranslated = []
    for entry in messages:
        expected_forms = {0, 1} if entry.msgid_plural is not None else {0}
        if set(entry.msgstr) != expected_forms or not all(entry.msgstr.values()):
            untranslated.append(entry.label())
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_translations_keep_every_placeholder(messages):
    broken = []
    for entry in messages:
        if entry.msgid_plural is None:
            pairs = [(entry.msgid, entry.msgstr.get(0, ""))]
        else:
            pairs = [(entry.msgid, entry.msgstr.get(0, "")), (entry.msgid_plural, entry.msgstr.get(1, ""))]
        for source, translated in pairs:
            if placeholders(source) != placeholders(translated):
                broken.append(f"{entry.label()} → {translated!r}")
        if "python-format" in entry.flags and not placeholders(entry.msgid):
            broken.append(f"{entry.label()} is marked python-format but has no placeholder")
    assert not broken, "placeholders differ:\n" + "\n".join(broken)


def test_msgids_are_unique(messages):
    keys = Counter((e.msgctxt, e.msgid) for e in messages)
    assert [key for key, n in keys.items() if n > 1] == []


# --- The compiled .mo ---------------------------------------------------------------------


def test_mo_holds_exactly_the_po_catalogue(messages, mo):
    """Compare content, not mtimes: a git checkout does not keep them."""
    stale = []
    for entry in messages:
        if entry.msgid_plural is None:
            got = mo.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else mo.gettext(entry.msgid)
            if got != entry.msgstr[0]:
                stale.append(f"{entry.label()}: .mo has {got!r}, .po has {entry.msgstr[0]!r}")
        else:
            for n, form in ((1, 0), (2, 1)):
                if entry.msgctxt:
                    got = mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                else:
                    got = mo.ngettext(entry.msgid, entry.msgid_plural, n)
                if got != entry.msgstr[form]:
                    stale.append(f"{entry.label()} (n={n}): .mo has {got!r}, .po has {entry.msgstr[form]!r}")
    assert not stale, "django.mo is out of date; run compilemessages -l en:\n" + "\n".join(stale)

    # A msgstr equal to its msgid ("Demo", "Region") would pass above even if missing from the .mo,
    # and a .mo compiled from an older .po may hold entries that are gone: compare the key sets.
    po_keys = {""}  # the header
    for entry in messages:
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural is None:
            po_keys.add(msgid)
        else:
            po_keys.update({(msgid, 0), (msgid, 1)})
    assert set(mo._catalog) == po_keys, "django.mo and django.po hold different entries; run compilemessages -l en"


def test_mo_header_is_english(mo):
    assert mo.info().get("language") == "en"
    assert mo.charset() == "UTF-8"
    assert (mo.plural(1), mo.plural(2), mo.plural(0)) == (0, 1, 1)


# --- Django uses the catalogue --------------------------------------------------------------


def test_django_translates_choices_and_language_names():
    with translation.override("en"):
        assert str(GroupKind.NPO.label) == "National programme area (NPO)"
        assert str(GroupKind.NSG.label) == "National collaboration group (NSG)"
        assert str(Role.CO_OPTED.label) == "Co-opted member"
        assert str(dict(settings.LANGUAGES)["sv"]) == "Swedish"
        assert str(dict(settings.LANGUAGES)["en"]) == "English"
        assert translation.ngettext("%(counter)s grupp", "%(counter)s grupper", 3) % {"counter": 3} == "3 groups"
    with translation.override("sv"):
        assert str(GroupKind.NPO.label) == "Nationellt programområde (NPO)"


@pytest.mark.django_db
def test_home_page_is_swedish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert SWEDISH_HEADING in html
    assert response["Content-Language"] == "sv"


@pytest.mark.django_db
def test_switching_to_english_with_the_language_form(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert ENGLISH_HEADING in html
    assert SWEDISH_HEADING not in html
    assert "Knowledge Governance Portal" in html
    assert '<option value="en" selected lang="en">' in html

    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="sv">' in html
    assert SWEDISH_HEADING in html


@pytest.mark.django_db
def test_language_cookie_alone_selects_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert ENGLISH_HEADING in html


@pytest.mark.django_db
def test_an_english_browser_still_gets_swedish_until_the_visitor_switches(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert SWEDISH_HEADING in html


def test_every_source_string_is_in_the_english_catalogue(tmp_path):
    """Run makemessages on a copy of the code: a new Swedish string without English fails here."""
    import shutil
    import subprocess
    import sys

    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", ".tools", ".git", "var", "bench", "node_modules", "__pycache__")
    shutil.copytree(root, copy, ignore=ignore)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=tests", "-v0"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kunskapsstyrning.settings.local"},
    )
    assert result.returncode == 0, result.stderr
    fresh = {(e.msgctxt, e.msgid) for e in parse_po(copy / "locale/en/LC_MESSAGES/django.po") if e.msgid}
    committed = {(e.msgctxt, e.msgid) for e in parse_po(catalogue_dir() / "django.po") if e.msgid}
    missing = sorted(msgid for _ctx, msgid in fresh - committed)
    assert missing == [], "run makemessages -l en and translate: " + "; ".join(missing[:10])
