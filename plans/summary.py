"""The yearly summary PDF: "Sammanfattning av planerade insatser i nationella programområden och
nationella samverkansgrupper <år>", rendered with WeasyPrint and stored in the default storage.

`build` is what the Celery task runs: it reports its progress on the SummaryPdf row (committed
at once, outside any transaction, so the person who asked sees it move) and stores the file
under a name made of the year and the data version.
"""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from kunskapsstyrning.pdf import render_pdf

from . import selectors
from .choices import PdfState
from .models import SummaryPdf

logger = logging.getLogger(__name__)

TITLE = "Sammanfattning av planerade insatser i nationella programområden och nationella samverkansgrupper"


def _progress(pdf: SummaryPdf, percent: int, state: str = PdfState.RUNNING) -> None:
    SummaryPdf.objects.filter(pk=pdf.pk).update(progress=percent, state=state)


def render(year: int) -> bytes:
    """The PDF of the year's summary, always in Swedish (it is the published document)."""
    with translation.override("sv"):
        context = selectors.summary(year)
        return render_pdf("plans/summary_pdf.html", {**context, "title": TITLE, "printed_at": timezone.now()})


def build(pdf_id: int) -> SummaryPdf | None:
    pdf = SummaryPdf.objects.filter(pk=pdf_id).first()
    if pdf is None or pdf.state == PdfState.DONE:
        return pdf  # at-least-once delivery: a second run finds the work done
    _progress(pdf, 5)
    try:
        with translation.override("sv"):
            context = selectors.summary(pdf.year)
            _progress(pdf, 30)
            content = render_pdf("plans/summary_pdf.html", {**context, "title": TITLE, "printed_at": timezone.now()})
        _progress(pdf, 90)
        pdf.file.save(f"sammanfattning-{pdf.year}-{pdf.data_version[:16]}.pdf", ContentFile(content), save=False)
        SummaryPdf.objects.filter(pk=pdf.pk).update(
            file=pdf.file.name, state=PdfState.DONE, progress=100, finished_at=timezone.now()
        )
    except Exception as exc:  # the row says it failed; the person who asked may try again
        logger.exception("Sammanfattningen %s kunde inte skapas", pdf_id)
        SummaryPdf.objects.filter(pk=pdf.pk).update(state=PdfState.FAILED, error=str(exc)[:2000])
        raise
    pdf.refresh_from_db()
    return pdf
