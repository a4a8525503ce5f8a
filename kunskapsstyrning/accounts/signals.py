"""Keep the list of a user's sessions: a row when they sign in, none when they sign out."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from kunskapsstyrning.clientip import client_ip

from .models import UserSession


@receiver(user_logged_in, dispatch_uid="accounts_session_started")
def session_started(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    backend = request.session.get("_auth_user_backend", "")
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.headers.get("User-Agent", "")[:300],
            "ip_address": client_ip(request),
            "method": "oidc" if "oidc" in backend.lower() else "password",
        },
    )


@receiver(user_logged_out, dispatch_uid="accounts_session_ended")
def session_ended(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
