"""What an answer's attachment may be: PDF, DOCX or ODT, at most MAX_BYTES.

The type is decided by the file's content, not only its name: a PDF starts with "%PDF-", a
DOCX is a zip with word/document.xml, an ODT a zip whose "mimetype" entry says
application/vnd.oasis.opendocument.text. A renamed .exe or an .xlsx called .docx is refused.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "docx", "odt")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _kind_by_content(upload) -> str | None:
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "pdf"
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def check_attachment(upload) -> str:
    """Refuse (ValidationError on the field `attachment`, in Swedish) a file that is too large
    or not a PDF, DOCX or ODT; return its safe file name otherwise."""
    size = getattr(upload, "size", None)
    if size is None:
        raise ValidationError({"attachment": _("Bilagan kunde inte läsas.")})
    if size > MAX_BYTES:
        raise ValidationError(
            {
                "attachment": _("Bilagan är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.")
                % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "max": MAX_BYTES // 1024 // 1024}
            }
        )
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS or _kind_by_content(upload) != extension:
        raise ValidationError(
            {"attachment": _("Bilagan måste vara en PDF-, DOCX- eller ODT-fil. Andra filtyper tas inte emot.")}
        )
    return name[:200]
