"""Celery entry points of accounts: thin, by id."""

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def deliver_invitation(self, invitation_id: int) -> bool:
    """Send one invitation (at most once, see services.invitation_send); retried if the mail
    server refuses."""
    try:
        return services.invitation_send(invitation_id)
    except OSError as exc:  # SMTP errors are OSErrors
        raise self.retry(exc=exc) from exc
