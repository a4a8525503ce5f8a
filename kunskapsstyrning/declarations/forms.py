"""The declaration form: a yes/no, the interests in free text, and a confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclarationForm(forms.Form):
    has_interests = forms.TypedChoiceField(
        label=_("Har du intressen att redovisa?"),
        choices=[("nej", _("Nej, jag har inga intressen att redovisa")), ("ja", _("Ja, se nedan"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Redovisade intressen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Uppdrag, anställningar, ägande, forskningsfinansiering eller annat som kan påverka opartiskheten."
        ),
    )
    confirm = forms.BooleanField(label=_("Jag intygar att uppgifterna är riktiga och fullständiga."))

    def clean(self):
        data = super().clean()
        if data.get("has_interests") and not (data.get("text") or "").strip():
            self.add_error("text", _("Beskriv intressena du redovisar."))
        return data
