"""Swedish alphabetical order computed in SQL, independent of the database's collations."""

import pytest

from kunskapsstyrning.organisation.models import Person
from kunskapsstyrning.organisation.ordering import swedish
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NAMES = ["Ödmark", "åkesson", "Zetterberg", "Øvergaard", "Ängström", "Æbeltoft", "Åkesson", "Éliasson",
         "Üller", "Yngve", "ekdahl", "Eriksson", "Ärlig", "Andersson", "Ytterström"]  # fmt: skip
SWEDISH_ORDER = ["Andersson", "ekdahl", "Éliasson", "Eriksson", "Üller", "Yngve", "Ytterström", "Zetterberg",
                 "Åkesson", "åkesson", "Æbeltoft", "Ängström", "Ärlig", "Ödmark", "Øvergaard"]  # fmt: skip


def last_names(names: list[str], *order_by) -> list[str]:
    """Made here and read back in the given order (the loaded structure has people of its own)."""
    pks = [PersonFactory(last_name=name).pk for name in names]
    return list(Person.objects.filter(pk__in=pks).order_by(*order_by).values_list("last_name", flat=True))


def test_swedish_letters_after_z_with_their_nordic_and_accented_kin():
    """Å Ä Ö after Z; Æ as Ä, Ø as Ö, Ü as Y, É as E; case does not separate a name from its kin."""
    assert last_names(NAMES, swedish("last_name")) == SWEDISH_ORDER


def test_descending_is_the_exact_reverse():
    assert last_names(NAMES, swedish("last_name", descending=True)) == SWEDISH_ORDER[::-1]


def test_a_shorter_name_sorts_before_its_extensions():
    assert last_names(["Åsa", "Åsander", "Ås", "Asp"], swedish("last_name")) == ["Asp", "Ås", "Åsa", "Åsander"]
