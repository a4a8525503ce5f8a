"""Swedish alphabetical order: … X Y Z Å Ä Ö, the same on any PostgreSQL.

Collations cannot be relied on: the embedded server is built without ICU ("sv-x-icu"), and an
OS locale such as sv_SE may be missing or differ between machines. So the order is computed:
Swedish letters are mapped to the bytes right after "z" ("{" "|" "}"), Æ/Ø to Ä/Ö, Ü to Y and
accented vowels to their base letter, as Swedish dictionaries do; the result is lowered and
compared byte-wise (COLLATE "C"). The original value follows as a tie-breaker, so "Åsa" and
"åsa" still have a fixed order.
"""

from django.db.models import CharField, F, Func, Value
from django.db.models.functions import Collate, Concat, Lower

# Both cases are mapped before lower(): under a C or POSIX ctype lower() only knows ASCII.
_FROM = "åäöæøüéèêëáàâíìóòúùÅÄÖÆØÜÉÈÊËÁÀÂÍÌÓÒÚÙ"
_TO = "{|}|}yeeeeaaaiioouu{|}|}YEEEEAAAIIOOUU"
# Below every character a name can hold, so a shorter key sorts first, as in the plain order.
_SEPARATOR = "\x01"

assert len(_FROM) == len(_TO)  # noqa: S101  # translate() drops characters without a partner


def swedish(field: str, *, descending: bool = False):
    """An order_by() expression putting `field` in Swedish alphabetical order."""
    key = Lower(Func(F(field), Value(_FROM), Value(_TO), function="TRANSLATE", output_field=CharField()))
    expression = Collate(Concat(key, Value(_SEPARATOR), F(field), output_field=CharField()), "C")
    return expression.desc() if descending else expression.asc()
