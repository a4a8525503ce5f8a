"""What the tillgänglighetsredogörelse says, as data: every claim names the test that checks it.

The statement page is rendered from this list, and tests/accounts/test_pages.py fails if a
named test does not exist (or a page listed here is not among those the tests open), so the
page cannot claim more than the test suite checks. Known gaps are listed as honestly as the
checks: what no test covers is not claimed.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

#: The day the checks below were last run in full and this statement reviewed.
ASSESSED_ON = datetime.date(2026, 11, 24)


@dataclass(frozen=True)
class Check:
    criteria: str  # WCAG 2.1 success criteria, as numbers
    what: object  # a translatable sentence
    test: str  # tests/<file>::<test function>


CHECKS = [
    Check(
        "1.1.1, 1.3.1, 2.4.6, 3.1.1, 4.1.2",
        _(
            "Alla sidor har språk angivet, exakt en huvudrubrik, etiketter till alla formulärfält, "
            "rubrikceller med scope i tabeller och alt-text på bilder."
        ),
        "tests/test_accessibility.py::test_page_structure",
    ),
    Check(
        "1.3.1, 4.1.2",
        _(
            "Samma kontroller görs på sidorna för inloggade (ledamotslista, Mina uppdrag, historik, "
            "sammansättning, Mitt konto)."
        ),
        "tests/test_accessibility.py::test_logged_in_page_structure",
    ),
    Check(
        "3.3.1, 3.3.3, 1.3.1",
        _(
            "Fel i formulär visas i en sammanfattning och knyts till fältet med aria-describedby; "
            "bara id:n som finns på sidan används."
        ),
        "tests/test_accessibility.py::test_failed_submission_ties_errors_to_fields",
    ),
    Check(
        "3.3.2",
        _("Fält som bara ibland är obligatoriska märks inte felaktigt som frivilliga."),
        "tests/test_accessibility.py::test_conditionally_required_fields_are_not_labelled_optional",
    ),
    Check(
        "2.4.3, 3.3.1",
        _("Efter ett misslyckat formulär flyttas fokus till felsammanfattningen (i Chromium)."),
        "tests/e2e/test_accessibility.py::test_focus_moves_to_the_error_summary_after_a_failed_submit",
    ),
    Check(
        "1.4.10",
        _(
            "Sidorna kan läsas i 375 pixlars bredd utan att man behöver skrolla i sidled; breda "
            "tabeller skrollar i ett eget märkt område."
        ),
        "tests/e2e/test_accessibility.py::test_pages_need_no_sideways_scrolling_at_375_px",
    ),
    Check(
        "WCAG 2.1 A och AA (automatiskt testbara kriterier)",
        _("axe-core hittar inga överträdelser av WCAG 2.1 A och AA i skrivbordsbredd och i 375 pixlar."),
        "tests/e2e/test_accessibility.py::test_axe_finds_no_wcag_21_aa_violations",
    ),
    Check(
        "2.4.3, 2.4.7",
        _(
            "På sidorna som listas nedan syns fokus på vart och ett av de första 30 tabbstoppen, och "
            "ingen sida ändrar tabbordningen med ett positivt tabindex."
        ),
        "tests/e2e/test_accessibility.py::test_every_tab_stop_shows_where_the_focus_is",
    ),
    Check(
        "2.1.1",
        _(
            "Ledamotslistan kan redigeras hela vägen med vanliga länkar, formulär och knappar, "
            "utan kontroller som kräver JavaScript."
        ),
        "tests/e2e/test_roster_journey.py::test_process_leader_edits_the_roster_and_the_member_sees_it",
    ),
    Check(
        "1.3.1, 2.4.6",
        _(
            "De här sidorna om tillgänglighet, personuppgifter och kakor har samma struktur som övriga "
            "sidor och nås från sidfoten på varje sida."
        ),
        "tests/accounts/test_pages.py::test_public_pages_are_linked_from_every_footer",
    ),
    Check(
        "WCAG 2.1 A och AA, 1.4.10",
        _(
            "Samma axe-kontroll och 375-pixelskontroll görs på sidorna om tillgänglighet, personuppgifter, "
            "kakor, glömt lösenord, Mitt konto och listan över inbjudningar."
        ),
        "tests/e2e/test_accounts_pages.py::test_account_pages_pass_axe_and_reflow",
    ),
]

#: The pages the browser checks open (tests/e2e/test_accessibility.py's PAGES_BY_USER and
#: tests/e2e/test_accounts_pages.py's ACCOUNT_PAGES); listed so a reader knows what was looked at.
TESTED_PAGES = [
    "/",
    "/katalog/",
    "/programomraden/",
    "/grupper/npo-hjart-och-karlsjukdomar/",
    "/sjukvardsregioner/sodra/",
    "/logga-in/",
    "/grupper/npo-hjart-och-karlsjukdomar/ledamotslista/",
    "/mina-uppdrag/",
    "/grupper/npo-hjart-och-karlsjukdomar/historik/",
    "/oversikt/sammansattning/",
    "/tillganglighet/",
    "/behandling-av-personuppgifter/",
    "/kakor/",
    "/glomt-losenord/",
    "/konto/",
    "/grupper/nag-vardforlopp-hjartsvikt/inbjudningar/",
    "/utlysningar/{call}/",
    "/oversikt/utlysningar/",
    "/nomineringar/{nomination}/beslut/?action=accept",
    # Kunskapsstöd (NKK): public and editorial.
    "/kunskapsstod/",
    "/kunskapsstod/?q=sepsis",
    "/kunskapsstod/sepsis/",
    "/kunskapsstod/langvarig-smarta/",
    "/kunskapsstod/sepsis/version/1/",
    "/kunskapsstod/sepsis/jamfor/",
    "/kunskapsstod/nyligen-publicerade/",
    "/redaktion/kunskapsstod/",
    "/redaktion/kunskapsstod/demo-exempelrekommendation-om-hjartsvikt/",
    "/redaktion/kunskapsstod/demo-exempelrekommendation-om-hjartsvikt/utkast/",
    "/redaktion/publiceringskalender/",
    # Remisser och synpunkter.
    "/granskning/fonster/",
    "/granskning/att-besvara/",
    "/granskning/{round}/",
    "/granskning/{round}/svar/{recipient}/",
    "/granskning/{round}/synpunkter/",
    # Verksamhetsplaner och nuläge.
    "/verksamhetsplaner/",
    "/nulage/",
    "/verksamhetsplaner/npo-hjart-och-karlsjukdomar/{year}/",
    "/verksamhetsplaner/npo-hjart-och-karlsjukdomar/{year}/revision/1/insatser/ny/",
    "/verksamhetsplaner/npo-hjart-och-karlsjukdomar/{year}/revision/1/insatser/{initiative}/",
    # Notiser, Min sida och stödfunktionens översikt över påminnelser.
    "/notiser/",
    "/notiser/installningar/",
    "/min-sida/",
    "/oversikt/paminnelser/",
]

KNOWN_GAPS = [
    _(
        "Automatiska verktyg hittar ungefär en tredjedel av alla tillgänglighetsproblem. Ingen "
        "manuell granskning med skärmläsare, förstoring eller röststyrning har gjorts ännu."
    ),
    _(
        "PDF-filerna (ledamotsförteckning, registerutdrag) är inte taggade PDF/UA-dokument; "
        "innehållet finns också som CSV, Excel eller JSON."
    ),
    _(
        "Sidorna som axe-core och 375-pixelskontrollen går igenom är de som listas ovan; övriga "
        "sidor (till exempel nomineringsformuläret, jävsdeklarationer, importen, formuläret för ett "
        "nytt kunskapsstöd, sena remissvar och publiceringen av en sammanställning) kontrolleras av "
        "egna axe-körningar på skrivbordsbredd, strukturellt eller inte alls i webbläsaren; de "
        "listas här när de ingår i samma genomgång."
    ),
    _("Administrationsgränssnittet (/admin/) är Djangos eget och har inte granskats."),
    _("QR-koden för tvåstegsverifiering kan inte läsas av alla; den hemliga nyckeln visas därför också som text."),
    _("Kontrasten kontrolleras av axe-core men inte i högkontrastläge eller med egna färgteman."),
]
