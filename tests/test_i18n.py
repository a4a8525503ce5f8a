"""The English catalogue is complete, compiled, and used when a visitor switches language.

The source strings are Swedish; locale/en/LC_MESSAGES/django.po holds the English ones and
django.mo is its compiled form, committed because the runtime machine may lack GNU gettext.
The .po file is read with polib, so these tests need no GNU gettext.
"""

from __future__ import annotations

import gettext
import os
import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from kunskapsstyrning.organisation.choices import GroupKind, Role

SWEDISH_HEADING = "<h1>Kunskapsstyrning hälso- och sjukvård</h1>"
ENGLISH_HEADING = "<h1>Knowledge governance in healthcare</h1>"


def catalogue_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


def label(entry: polib.POEntry) -> str:
    return f"line {entry.linenum}: {entry.msgid!r}"


def forms(entry: polib.POEntry) -> dict[int, str]:
    """The translations by plural form: {0: msgstr} for a singular entry."""
    return dict(entry.msgstr_plural) if entry.msgid_plural else {0: entry.msgstr}


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    path = catalogue_dir() / "django.po"
    assert path.is_file(), f"{path} is missing: run makemessages -l en"
    return polib.pofile(str(path))


@pytest.fixture(scope="module")
def messages(po) -> list[polib.POEntry]:
    """The translatable entries: no header, no obsolete (#~) leftovers."""
    return [e for e in po if not e.obsolete]


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


def test_catalogue_is_english_with_two_plural_forms(po, messages):
    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert len(messages) > 100, "the catalogue looks truncated"


def test_no_entry_is_fuzzy(po):
    fuzzy = [label(e) for e in po.fuzzy_entries()]
    assert not fuzzy, f"fuzzy entries are left out of the .mo: {fuzzy}"


def test_every_entry_is_translated(messages):
    untranslated = []
    for entry in messages:
        expected_forms = {0, 1} if entry.msgid_plural else {0}
        if set(forms(entry)) != expected_forms or not all(forms(entry).values()):
            untranslated.append(label(entry))
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_translations_keep_every_placeholder(messages):
    broken = []
    for entry in messages:
        translated = forms(entry)
        pairs = [(entry.msgid, translated.get(0, ""))]
        if entry.msgid_plural:
            pairs.append((entry.msgid_plural, translated.get(1, "")))
        for source, target in pairs:
            if placeholders(source) != placeholders(target):
                broken.append(f"{label(entry)} → {target!r}")
        if "python-format" in entry.flags and not placeholders(entry.msgid):
            broken.append(f"{label(entry)} is marked python-format but has no placeholder")
    assert not broken, "placeholders differ:\n" + "\n".join(broken)


def test_msgids_are_unique(messages):
    keys = Counter((e.msgctxt, e.msgid) for e in messages)
    assert [key for key, n in keys.items() if n > 1] == []


# --- The compiled .mo ---------------------------------------------------------------------


def test_mo_holds_exactly_the_po_catalogue(messages, mo):
    """Compare content, not mtimes: a git checkout does not keep them."""
    stale = []
    for entry in messages:
        if not entry.msgid_plural:
            got = mo.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else mo.gettext(entry.msgid)
            if got != entry.msgstr:
                stale.append(f"{label(entry)}: .mo has {got!r}, .po has {entry.msgstr!r}")
        else:
            for n, form in ((1, 0), (2, 1)):
                if entry.msgctxt:
                    got = mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                else:
                    got = mo.ngettext(entry.msgid, entry.msgid_plural, n)
                if got != entry.msgstr_plural[form]:
                    stale.append(f"{label(entry)} (n={n}): .mo has {got!r}, .po has {entry.msgstr_plural[form]!r}")
    assert not stale, "django.mo is out of date; run compilemessages -l en:\n" + "\n".join(stale)

    # A msgstr equal to its msgid ("Demo", "Region") would pass above even if missing from the .mo,
    # and a .mo compiled from an older .po may hold entries that are gone: compare the key sets.
    po_keys = {""}  # the header
    for entry in messages:
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if not entry.msgid_plural:
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
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(catalogue_dir() / "django.po"))}
    missing = sorted(msgid for _ctx, msgid in fresh - committed)
    assert missing == [], "run makemessages -l en and translate: " + "; ".join(missing[:10])
