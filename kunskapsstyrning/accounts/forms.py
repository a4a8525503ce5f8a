from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


class SetPasswordForm(forms.Form):
    """The password chosen when an invitation is accepted, checked by the site's validators."""

    password1 = forms.CharField(label=_("Välj lösenord"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Upprepa lösenordet"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, person=None, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Lösenorden är inte lika."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sparas i loggen med ditt namn, t.ex. ärendenummer och lagringstid."),
    )


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Engångskod"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Sex siffror från din autentiseringsapp."),
    )
