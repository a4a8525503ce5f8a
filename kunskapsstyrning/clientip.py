"""The client's address as seen through a known number of trusted reverse proxies."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = n the n-th X-Forwarded-For entry from the right.

    Each trusted proxy appends the address it received the request from, so the entries to the
    left of those n are whatever the client sent and are never believed. A header shorter than
    n means the request did not come through the proxies: REMOTE_ADDR is used.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
