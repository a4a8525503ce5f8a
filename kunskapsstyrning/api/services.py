"""Writes of the API app: creating and revoking access tokens."""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import TOKEN_PREFIX, ApiToken, TokenScope, hash_secret

#: How stale `last_used_at` may be: writing it on every request would turn each read into a write.
LAST_USED_RESOLUTION_SECONDS = 60


@transaction.atomic
def token_create(*, owner, name: str, scope: str = TokenScope.READ) -> tuple[ApiToken, str]:
    """A new token for `owner`. Returns the row and the secret, which is never stored or shown again."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(owner=owner, name=name.strip(), scope=scope, prefix=secret[:12], key_hash=hash_secret(secret))
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke a token at once. Only its owner may: support staff are not special here."""
    if by is None or token.owner_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Bara den som skapade nyckeln kan återkalla den."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_touch(token: ApiToken) -> None:
    """Record that the token was used, at most once a minute (one UPDATE, no event row)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
