"""The one WeasyPrint helper: render a Django template to PDF bytes.

The stylesheet is read from disk through the staticfiles finders and handed over as a string;
the fetcher allows only data: URLs, so rendering needs no server and reaches nothing beyond
this process, whatever the template contains.
"""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PDF_STYLESHEET = "css/pdf.css"


def render_pdf(template: str, context: dict, request=None) -> bytes:
    from weasyprint import CSS, HTML  # imported late: it loads Pango, which only PDFs need
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context, request=request)
    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(string=Path(finders.find(PDF_STYLESHEET)).read_text(encoding="utf-8"), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
