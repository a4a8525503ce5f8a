"""Access tokens: created, listed and revoked by their owner on a page; stored hashed; scoped;
last use recorded; a revoked or unknown token is a 401."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from kunskapsstyrning.api.models import ApiToken, TokenScope, hash_secret
from kunskapsstyrning.api.services import token_create
from tests.api.conftest import bearer
from tests.clock import NOW, frozen
from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, frozen]


def test_the_owner_creates_sees_the_secret_once_and_lists_tokens(client, structure):
    user = UserFactory()
    client.force_login(user)
    url = reverse("api-pages:tokens")
    response = client.post(url, {"name": "Region Norrbottens intranät", "scope": TokenScope.READ})
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret.startswith("ksp_") and secret in response.content.decode()
    token = ApiToken.objects.get(owner=user)
    assert token.key_hash == hash_secret(secret) and secret not in (token.key_hash, token.prefix, token.name)
    listed = client.get(url).content.decode()
    assert "Region Norrbottens intranät" in listed and token.prefix in listed and secret not in listed


def test_bad_input_is_refused_with_a_swedish_message_and_nothing_written(client, structure):
    client.force_login(UserFactory())
    response = client.post(reverse("api-pages:tokens"), {"name": "  ", "scope": "admin"})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode() or "Ange" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_only_the_owner_revokes_and_a_revoked_token_stops_working(client, api, structure):
    owner, support_like_other = UserFactory(), UserFactory(is_superuser=True)
    headers = bearer(PersonFactory(user=owner).user)
    token = ApiToken.objects.get(owner=owner)
    assert api.get("/api/v1/mina-uppdrag/", **headers).status_code == 200
    client.force_login(support_like_other)  # support staff are not special: not their token
    assert client.post(reverse("api-pages:token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    client.force_login(owner)
    assert client.post(reverse("api-pages:token_revoke", args=[token.pk])).status_code == 302
    response = api.get("/api/v1/mina-uppdrag/", **headers)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoking_needs_a_post_with_csrf(structure):
    from django.test import Client

    owner = UserFactory()
    token, _secret = token_create(owner=owner, name="x")
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(owner)
    assert csrf_client.post(reverse("api-pages:token_revoke", args=[token.pk])).status_code == 403
    assert csrf_client.get(reverse("api-pages:token_revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_last_use_is_recorded_at_most_once_a_minute(api, structure):
    user = UserFactory()
    headers = bearer(user, TokenScope.READ)
    token = ApiToken.objects.get(owner=user)
    assert token.last_used_at is None
    api.get("/api/v1/regioner/", **headers)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == NOW
    with time_machine.travel(NOW + datetime.timedelta(seconds=30), tick=False):
        api.get("/api/v1/regioner/", **headers)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == NOW
    with time_machine.travel(NOW + datetime.timedelta(minutes=2), tick=False):
        api.get("/api/v1/regioner/", **headers)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == NOW + datetime.timedelta(minutes=2)


@pytest.mark.parametrize("header", ["Bearer ksp_okand", "Bearer", "Bearer a b", "Token ksp_x"])
def test_unknown_or_malformed_tokens_are_401_never_anonymous(api, structure, header):
    response = api.get("/api/v1/regioner/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed" and response.json()["message"]


def test_the_token_page_needs_a_log_in(client, structure):
    assert client.get(reverse("api-pages:tokens")).status_code == 302
