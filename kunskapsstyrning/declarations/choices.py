from django.db import models
from django.utils.translation import gettext_lazy as _


class DeclarationForm(models.TextChoices):
    STANDARD = "standard", _("Jävsdeklaration")
    PATIENT_REPRESENTATIVE = "patientforetradare", _("Jävsdeklaration för patientföreträdare")


#: A declaration of interests is current for this many days after it was filed (renewed yearly).
DECLARATION_VALID_DAYS = 365
