"""Token authentication for integrations: `Authorization: Bearer ksp_…`.

The browser uses the session (with DRF's CSRF check on writes); integrations send a token. A
revoked, unknown or malformed token is a 401 with a Swedish message, never a silent anonymous
request, so a misconfigured integration notices at once.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_secret
from .services import token_touch

KEYWORDS = ("bearer", "token")


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ange nyckeln efter Bearer, utan mellanslag."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Nyckeln innehåller otillåtna tecken.")) from None
        token = (
            ApiToken.objects.active()
            .select_related("owner")
            .filter(key_hash=hash_secret(secret), owner__is_active=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Nyckeln är okänd eller återkallad."))
        token_touch(token)
        return token.owner, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: an HTTP bearer scheme."""

    target_class = TokenAuthentication
    name = "nyckel"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")  # noqa: S106
