"""Throttling per anonymous address, per logged-in user and per token, counted in the shared
cache (settings.API_THROTTLE_CACHE: Redis in production), so every web process sees one count.

A throttled request is a 429 with `Retry-After` (seconds) and a Swedish message saying when to
try again (exceptions.py). Rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read per request,
so a deployment changes them without code.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from kunskapsstyrning.clientip import client_ip

from .models import ApiToken


class _SharedCacheThrottle(SimpleRateThrottle):
    @property
    def cache(self):
        return caches[settings.API_THROTTLE_CACHE]

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(_SharedCacheThrottle):
    """Visitors without a log-in or token, per client address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}


class UserThrottle(_SharedCacheThrottle):
    """Logged-in browser sessions, per user."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated or isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class TokenThrottle(_SharedCacheThrottle):
    """Integrations, per token: one busy integration does not slow its owner's other tokens."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
