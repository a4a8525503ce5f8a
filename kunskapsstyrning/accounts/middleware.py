"""The second factor for staff who sign in with a password (OTP_REQUIRED_FOR_STAFF)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from kunskapsstyrning.organisation.permissions import is_support_staff

#: Paths a signed-in user who still owes the second factor may reach.
OPEN_PREFIXES = ("/static/", "/logga-ut/", "/i18n/", "/halsa/")


def needs_second_factor(user, session) -> bool:
    """Staff, admins and support staff who signed in with a password, when the setting says so.
    Sign-in through the organisation's identity provider is that provider's business."""
    if not settings.OTP_REQUIRED_FOR_STAFF or not user.is_authenticated:
        return False
    if "oidc" in session.get("_auth_user_backend", "").lower():
        return False
    return user.is_staff or user.is_superuser or is_support_staff(user)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user, request.session) and not user.is_verified():
            verify, setup = reverse("accounts:otp_verify"), reverse("accounts:otp_setup")
            if not request.path.startswith((verify, setup, *OPEN_PREFIXES)):
                from django_otp import devices_for_user

                target = verify if any(devices_for_user(user, confirmed=True)) else setup
                return redirect(f"{target}?next={request.get_full_path()}")
        return self.get_response(request)
