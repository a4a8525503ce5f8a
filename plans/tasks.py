"""Celery entry points of the activity plans: thin, by id."""

from celery import shared_task

from . import summary


@shared_task
def generate_summary_pdf(pdf_id: int) -> int | None:
    """Render and store the summary PDF of one SummaryPdf row; returns its id when done."""
    pdf = summary.build(pdf_id)
    return pdf.pk if pdf else None
