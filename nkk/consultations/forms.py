"""Forms of the consultation pages. They only collect input: the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kunskapsstyrning.organisation.forms import DateField, DateInput

from .attachments import MAX_BYTES
from .choices import Outcome, Position

#: How many comment rows the answer form offers (empty rows are ignored).
COMMENT_ROWS = 5


class AnswerForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Ställningstagande"),
        choices=Position.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj tillstyrker, tillstyrker med synpunkter eller avstyrker.")},
    )
    text = forms.CharField(
        label=_("Svar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Krävs om ni avstyrker. Synpunkter på enskilda avsnitt skriver ni nedan."),
    )
    attachment = forms.FileField(
        label=_("Bilaga"),
        required=False,
        help_text=_("PDF, DOCX eller ODT, högst %(mb)s MB. En ny bilaga ersätter den tidigare.")
        % {"mb": MAX_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required_when = True
        for i in range(COMMENT_ROWS):
            self.fields[f"section_{i}"] = forms.CharField(
                label=_("Avsnitt (synpunkt %(n)s)") % {"n": i + 1}, required=False, max_length=200
            )
            self.fields[f"comment_{i}"] = forms.CharField(
                label=_("Synpunkt %(n)s") % {"n": i + 1}, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def comments(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data.get(f"section_{i}", ""), data.get(f"comment_{i}", "")) for i in range(COMMENT_ROWS)]

    def main_fields(self):
        return [self[name] for name in ("position", "text", "attachment")]

    def comment_rows(self):
        return [(i + 1, self[f"section_{i}"], self[f"comment_{i}"]) for i in range(COMMENT_ROWS)]


class ResponseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Bedömning"),
        choices=Outcome.choices,
        error_messages={"required": _("Välj godtagen, delvis godtagen eller ej godtagen.")},
    )
    reason = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs om synpunkten inte godtas i sin helhet."),
    )

    def __init__(self, *args, comment=None, **kwargs):
        super().__init__(*args, prefix=f"s{comment.pk}" if comment is not None else None, **kwargs)
        self.fields["reason"].required_when = True


class LateAnswerForm(forms.Form):
    late_until = DateField(label=_("Sent svar godtas till och med"), widget=DateInput)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Jag bekräftar att sammanställningen ska publiceras och inte längre kan ändras."),
        error_messages={"required": _("Bekräfta publiceringen.")},
    )
