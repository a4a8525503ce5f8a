"""The API denies by default and asks the same rules as the pages."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from kunskapsstyrning.organisation.choices import GroupKind, RelationKind, Role
from kunskapsstyrning.organisation.models import Group, Region
from tests.factories import GroupFactory, GroupRelationFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


class _Write(APIView):
    """A view that declares nothing: the project default decides."""

    def post(self, request):
        return Response({"ok": True})

    def get(self, request):
        return Response({"ok": True})


def test_default_permission_denies_writes_and_reads_without_a_rule():
    factory = APIRequestFactory()
    anonymous = factory.post("/x/", {})
    assert _Write.as_view()(anonymous).status_code == 401  # no credentials: 401 with WWW-Authenticate: Bearer
    logged_in = factory.post("/x/", {})
    from rest_framework.test import force_authenticate

    force_authenticate(logged_in, user=UserFactory())
    assert _Write.as_view()(logged_in).status_code == 403
    reader = factory.get("/x/")
    reader.user = AnonymousUser()
    assert _Write.as_view()(reader).status_code == 401


def test_public_endpoints_stay_public_but_read_only(client, structure):
    assert client.get("/api/v1/grupper/?page_size=5").status_code == 200
    assert client.get("/api/v1/grupper/npo-akut-vard/").status_code == 200
    assert client.post("/api/v1/grupper/", {}).status_code == 405


def _user(role, group):
    user = UserFactory()
    MembershipFactory(group=group, role=role, person=PersonFactory(user=user), start_date=datetime.date(2024, 1, 1))
    return user


def test_api_and_page_agree_on_contacts(client, structure):
    """Same user, same group: the contacts endpoint answers exactly as the page shows contacts.
    A national NPO's process leader sees contacts of the NAG it appointed, not of a LAG that
    merely serves the NPO or of an LPO covering it."""
    npo = Group.objects.get(slug="npo-akut-vard")
    nag = GroupRelationFactory(to_group=npo).from_group
    region = Region.objects.get(name="Västerbotten")
    local = {"region": region, "healthcare_region": region.healthcare_region}
    lpo = GroupFactory(kind=GroupKind.LPO, **local)
    GroupRelationFactory(from_group=lpo, to_group=npo, kind=RelationKind.COVERS)
    lag = GroupFactory(kind=GroupKind.LAG, **local)
    GroupRelationFactory(from_group=lag, to_group=npo, kind=RelationKind.SERVES)
    for group in (nag, lpo, lag):
        MembershipFactory(group=group)
    users = {
        "anonym": None,
        "utomstående": UserFactory(),
        "processledare": _user(Role.PROCESS_LEADER, npo),
        "ledamot i LAG": _user(Role.MEMBER, lag),
    }
    seen = {}
    for name, user in users.items():
        client.logout()
        if user:
            client.force_login(user)
        for group in (npo, nag, lpo, lag):
            page = client.get(reverse("organisation:group", args=[group.slug])).context["show_contact"]
            api = client.get(f"/api/v1/grupper/{group.slug}/kontakter/")
            assert api.status_code == (200 if page else 401 if user is None else 403), (name, group.kind)
            if page:
                assert all("email" in row for row in api.json())
            seen[name, group.kind] = page
    assert seen["processledare", GroupKind.NAG]
    assert not seen["processledare", GroupKind.LAG]
    assert not seen["processledare", GroupKind.LPO]
    assert seen["ledamot i LAG", GroupKind.LAG]
    assert not any(seen["anonym", kind] for kind in (GroupKind.NPO, GroupKind.NAG, GroupKind.LPO, GroupKind.LAG))
