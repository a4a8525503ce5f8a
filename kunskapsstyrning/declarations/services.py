"""Writes of declarations: filed anew each time, never edited."""

import datetime

from django.db import transaction

from kunskapsstyrning.organisation.models import Person
from kunskapsstyrning.organisation.models.periods import today

from .models import InterestDeclaration


@transaction.atomic
def declaration_file(
    *, person: Person, form: str, has_interests: bool, text: str, submitted_on: datetime.date | None = None
) -> InterestDeclaration:
    """File a new declaration of interests; earlier ones stay as they were filed."""
    declaration = InterestDeclaration(
        person=person,
        form=form,
        has_interests=has_interests,
        text=text.strip() if has_interests else "",
        submitted_on=submitted_on or today(),
    )
    declaration.full_clean()
    declaration.save()
    return declaration
