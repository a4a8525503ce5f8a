"""The permission table of every write endpoint: POST /uppdrag/ and POST /uppdrag/<id>/avsluta/,
for every role, in the browser session and with tokens of both scopes. The answer is the roster
page's rule (EDIT_ROSTER): the group's chair and process leader, the leaders of the group that
appointed it, and support staff. A refused write writes nothing."""

import pytest

from kunskapsstyrning.api.models import TokenScope
from kunskapsstyrning.organisation.models import Membership, RosterChange
from tests.api.conftest import bearer
from tests.clock import frozen
from tests.factories import MembershipFactory, PersonFactory

pytestmark = [pytest.mark.django_db, frozen]

MAY_EDIT = {"processledare", "ordförande", "stödfunktion"}
#: The NAG's roster is also editable by the leaders of the NPO that appointed it.
ROLES = [
    "anonym",
    "utomstående",
    "ledamot",
    "processledare",
    "ordförande",
    "processledare i NAG:en",
    "processledare i annat NPO",
    "stödfunktion",
]


def _expected(role: str, target: str) -> bool:
    if target == "npo":
        return role in MAY_EDIT
    return role in MAY_EDIT | {"processledare i NAG:en"}


def _send(api, method_path, payload, user, how):
    headers = {}
    if user is not None and how == "session":
        api.force_login(user)
    elif user is not None:
        headers = bearer(user, TokenScope.READ if how == "read-token" else TokenScope.READ_WRITE)
    return api.post(method_path, payload, format="json", **headers)


#: Every role, both groups, each way of authenticating (the anonymous visitor has no token).
CASES = [
    (role, target, how)
    for role in ROLES
    for target in ("npo", "nag")
    for how in (("session",) if role == "anonym" else ("session", "read-token", "write-token"))
]


@pytest.mark.parametrize(("role", "target", "how"), CASES)
def test_add_and_end_a_membership(api, roles, npo, role, target, how):
    group = npo if target == "npo" else roles["_nag"]
    user = roles[role]
    person = PersonFactory()
    allowed = _expected(role, target) and how != "read-token"
    before = (Membership.objects.count(), RosterChange.objects.count())
    response = _send(
        api, "/api/v1/uppdrag/", {"group": group.slug, "person": person.pk, "start_date": "2026-04-01"}, user, how
    )
    if allowed:
        assert response.status_code == 201, response.content
        assert RosterChange.objects.filter(group=group, action="added").latest("at").actor == user
    else:
        assert response.status_code == (401 if user is None else 403), response.content
        expected_code = (
            "not_authenticated" if user is None else ("token_read_only" if how == "read-token" else "permission_denied")
        )
        assert response.json()["code"] == expected_code
        assert (Membership.objects.count(), RosterChange.objects.count()) == before
    existing = MembershipFactory(group=group, start_date="2025-01-01")
    response = _send(api, f"/api/v1/uppdrag/{existing.pk}/avsluta/", {"end_date": "2026-06-30"}, user, how)
    existing.refresh_from_db()
    if allowed:
        assert response.status_code == 200 and response.json()["end_date"] == "2026-06-30"
        assert existing.end_date.isoformat() == "2026-06-30"
    else:
        assert response.status_code in (401, 403) and existing.end_date is None
