"""Sign-in through the organisation's identity provider (OpenID Connect, mozilla-django-oidc).

The account is found by the provider's stable subject (`sub`, remembered in OidcIdentity) or,
the first time, by a *verified* e-mail address that a person in the portal has; never by a name.
An unverified address is refused. A person without an account gets one, linked to them; someone
the portal does not know gets nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from kunskapsstyrning.organisation.models import Person

from .models import OidcIdentity

logger = logging.getLogger(__name__)


def issuer() -> str:
    return settings.OIDC_OP_ISSUER or settings.OIDC_OP_TOKEN_ENDPOINT


class PortalOIDCBackend(OIDCAuthenticationBackend):
    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        subject = payload.get("sub")
        if not subject or claims.get("sub", subject) != subject:
            logger.warning("OIDC: userinfo and id_token name different subjects")
            return None
        return match_account(subject=subject, claims=claims)


@transaction.atomic
def match_account(*, subject: str, claims: dict):
    """The user for a provider identity, or None (refused)."""
    known = OidcIdentity.objects.select_related("user").filter(issuer=issuer(), subject=subject).first()
    if known is not None:
        return known.user if known.user.is_active else None
    email = (claims.get("email") or "").strip()
    if not email or claims.get("email_verified") is not True:
        logger.info("OIDC: refused a sign-in without a verified e-mail address")
        return None
    person = Person.objects.select_for_update(of=("self",)).select_related("user").filter(email__iexact=email).first()
    if person is None:
        logger.info("OIDC: no person in the portal has the address")
        return None
    user = person.user
    if user is None:
        from .services import _free_username

        user = get_user_model().objects.create(
            username=_free_username(person.email),
            email=person.email,
            first_name=person.first_name[:150],
            last_name=person.last_name[:150],
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        person.user = user
        person.save(update_fields=["user"])
    if not user.is_active:
        return None
    OidcIdentity.objects.create(user=user, issuer=issuer(), subject=subject)
    return user
