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


class _StepProgress(logging.Handler):
    """WeasyPrint logs its steps ("Step 5 - Creating layout …") on the weasyprint.progress
    logger; each new step moves the row's progress between 30 and 86 %."""

    def __init__(self, pdf: SummaryPdf):
        super().__init__(level=logging.INFO)
        self.pdf, self.step = pdf, 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Step "):
            step = int(message.split()[1]) if message.split()[1].isdigit() else 0
            if step > self.step:
                self.step = step
                _progress(self.pdf, min(86, 30 + 8 * step))


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
            progress_logger = logging.getLogger("weasyprint.progress")
            handler, level, propagate = _StepProgress(pdf), progress_logger.level, progress_logger.propagate
            progress_logger.addHandler(handler)
            progress_logger.setLevel(logging.INFO)
            progress_logger.propagate = False  # the steps go to the row, not to the worker's log
            try:
                content = render_pdf(
                    "plans/summary_pdf.html", {**context, "title": TITLE, "printed_at": timezone.now()}
                )
            finally:
                progress_logger.removeHandler(handler)
                progress_logger.setLevel(level)
                progress_logger.propagate = propagate
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
