"""The forms of the accounts: the invited person's password."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _l


class InvitationAcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_l("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_l("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _l("The two passwords differ."))
        return data
