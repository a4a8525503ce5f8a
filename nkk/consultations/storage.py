"""Where answer attachments are kept: outside the public media, served only through the
attachment view after the rule VIEW_ROUND (or the answer's own recipient) has been asked."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class AttachmentStorage(FileSystemStorage):
    """Files under settings.CONSULTATION_ATTACHMENTS_DIR (default var/remissvar), read each time
    so that tests can point it at a temporary folder."""

    @property
    def base_location(self):
        return str(getattr(settings, "CONSULTATION_ATTACHMENTS_DIR", settings.VAR_DIR / "remissvar"))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


attachment_storage = AttachmentStorage()
