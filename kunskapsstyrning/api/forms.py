from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TokenScope


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Namn på nyckeln"),
        max_length=100,
        help_text=_("Vad nyckeln används till, t.ex. ”Region Norrbottens intranät”."),
    )
    scope = forms.ChoiceField(
        label=_("Behörighet"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("Läsa räcker för att hämta uppgifter. Skriva gäller bara det du själv får ändra i portalen."),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Ange ett namn."))
        return name
