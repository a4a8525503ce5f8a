"""The recommendation as a PDF: its text read back from the file (pypdf), with and without a
region's supplements, and an XSS payload that never becomes active content."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kunskapsstyrning.organisation.models import Region
from nkk import services
from nkk.choices import SectionKind
from nkk.supplement_services import supplements_save
from tests.clock import frozen

from .conftest import make_recommendation, publish_now

pytestmark = [pytest.mark.django_db, frozen]


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def published(area, nag, cast, publishing_date):
    rec = make_recommendation(area, nag, icd10_codes=["K59.0"], ksh97p_codes=["K59-P"])
    publish_now(rec.versions.get(), cast, publishing_date)
    rec.refresh_from_db()
    return rec


def _get_pdf(client, rec, **params):
    response = client.get(reverse("nkk:recommendation_pdf", args=[rec.slug]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def test_the_pdf_has_the_national_text_dates_codes_and_page_numbers(client, published, publishing_date):
    response = _get_pdf(client, published)
    assert f'filename="{published.slug}-version-1.pdf"' in response["Content-Disposition"]
    pages = pdf_pages(response.content)
    text = " ".join(pages)
    assert pages[0].startswith("Nationellt kliniskt kunskapsstöd · Barn och ungdomar Förstoppning hos barn")
    assert "Version 1 (ny)" in text
    # Swedish dates: the day, the month in Swedish, the year (16 March 2026 is the frozen day).
    assert "Godkänd 16 mars 2026" in text
    published_on = publishing_date.date
    assert f"Publicerad {published_on.day} mars {published_on.year}" in text
    assert "ICD-10-SE K59.0" in text and "KSH97-P K59-P" in text
    assert "Vårdnivå, samverkan och remissrutiner" in text and "Behandling" in text
    assert "Vårdnivå i primärvården." in text and "En rad om behandling." in text
    assert "Regionalt tillägg" not in text
    # The footer: the title and version on the left, "Sida n av N" on the right, on every page.
    for number, page in enumerate(pages, start=1):
        assert f"Förstoppning hos barn – version 1 Sida {number} av {len(pages)}" in page
    assert "Utskriven 16 mars 2026 ur Kunskapsstyrningsportalen" in text


def test_the_pdf_with_a_region_has_its_supplements_under_their_sections(client, published):
    vasterbotten, skane = Region.objects.get(name="Västerbotten"), Region.objects.get(name="Skåne")
    supplements_save(
        recommendation=published,
        region=vasterbotten,
        texts={SectionKind.CARE_LEVEL: "Västerbottens remissväg.", SectionKind.FOLLOW_UP: "Västerbottens uppföljning."},
    )
    supplements_save(recommendation=published, region=skane, texts={SectionKind.CARE_LEVEL: "Skånes remissväg."})
    response = _get_pdf(client, published, region=vasterbotten.slug)
    assert f'filename="{published.slug}-version-1-{vasterbotten.slug}.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_pages(response.content))
    assert "Med regionala tillägg för Region Västerbotten" in text
    care = text.index("Vårdnivå, samverkan och remissrutiner")
    label = text.index("Regionalt tillägg – Region Västerbotten", care)
    assert care < text.index("Vårdnivå i primärvården.") < label < text.index("Västerbottens remissväg.")
    assert label < text.index("Behandling")  # under its own section, before the next one
    # A section the version lacks still carries the region's text, under its own heading.
    assert re.search(r"Uppföljning Regionalt tillägg – Region Västerbotten Västerbottens uppföljning\.", text)
    assert "Skånes remissväg." not in text
    national = " ".join(pdf_pages(_get_pdf(client, published).content))
    assert "Västerbottens remissväg." not in national


def test_the_pdf_link_is_on_the_public_page(client, published):
    page = client.get(published.get_absolute_url(), {"region": "vasterbotten"}).content.decode()
    url = reverse("nkk:recommendation_pdf", args=[published.slug])
    assert f'<a href="{url}?region=vasterbotten">Ladda ner som PDF</a>' in page


def test_an_xss_payload_never_reaches_the_pdf(client, published):
    region = Region.objects.get(name="Västerbotten")
    payload = (
        "Före <script>alert('x')</script> efter. <img src=x onerror=alert(1)> "
        '[klicka](javascript:alert(1)) [webbplats](https://example.org/) <a href="javascript:alert(2)">länk</a>'
    )
    supplements_save(recommendation=published, region=region, texts={SectionKind.CARE_LEVEL: payload})
    content = _get_pdf(client, published, region=region.slug).content
    reader = PdfReader(io.BytesIO(content))
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert uris == ["https://example.org/"]  # the one safe link; no javascript: anywhere
    assert b"/JavaScript" not in content and b"/JS " not in content
    assert "/OpenAction" not in reader.trailer["/Root"]
    text = " ".join(pdf_pages(content))
    assert "Före" in text and "efter." in text and "klicka" in text


def test_only_a_published_recommendation_has_a_pdf(client, area, nag, published, cast):
    draft = make_recommendation(area, nag, title="Bara ett utkast")
    assert client.get(reverse("nkk:recommendation_pdf", args=[draft.slug])).status_code == 404
    services.recommendation_withdraw(recommendation=published, by=cast.support, comment="Test")
    assert client.get(reverse("nkk:recommendation_pdf", args=[published.slug])).status_code == 404
