"""Swedish alphabetical order: … X Y Z Å Ä Ö.

PostgreSQL's ICU collation "sv-x-icu" knows it whatever locale the database was created with
(a C-locale database would put Ä before Å). Other databases (SQLite in development) fall back
to their own order.
"""

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

SWEDISH_COLLATION = "sv-x-icu"


def swedish(field: str, *, descending: bool = False):
    expression = Collate(F(field), SWEDISH_COLLATION) if connection.vendor == "postgresql" else F(field)
    return expression.desc() if descending else expression.asc()
