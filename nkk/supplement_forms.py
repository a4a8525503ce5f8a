"""Forms of the regional supplements: the public page's region picker and a region's edit form.
They only collect input; nkk.supplement_services validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models.supplements import MAX_SUPPLEMENT_LENGTH, SUPPLEMENT_SECTIONS


class RegionPickerForm(forms.Form):
    """A plain GET form: ?region=<slug>. Built from the region list the page already has."""

    region = forms.ChoiceField(label=_("Visa regionala tillägg för"), required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Ingen region (bara den nationella texten)"))] + [
            (r.slug, r.name) for r in regions
        ]


def field_name(kind: str) -> str:
    return f"text_{kind}"


class SupplementsForm(forms.Form):
    """One text per section that takes a supplement; an empty text removes the section's."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in SUPPLEMENT_SECTIONS:
            self.fields[field_name(kind)] = forms.CharField(
                label=kind.label,
                required=False,
                strip=False,
                max_length=MAX_SUPPLEMENT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Markdown. HTML visas som text. Lämna tomt om regionen inte har något eget här."),
            )

    def texts(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data.get(field_name(kind), "") for kind in SUPPLEMENT_SECTIONS}
