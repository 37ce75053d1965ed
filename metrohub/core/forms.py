from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.search_select import SearchSelect, searching


class BootstrapMixin:
    """Give every widget Bootstrap's class, and mark invalid fields for assistive technology."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, SearchSelect):
                widget.form_data = self.data if self.is_bound else {}
            css = (
                "form-select"
                if isinstance(widget, forms.Select)
                else ("form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control")
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if self.is_bound and name in self.errors:
                self._mark_invalid(name)

    def _mark_invalid(self, name: str) -> None:
        widget = self.fields[name].widget
        if "is-invalid" not in widget.attrs.get("class", "").split():
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
        widget.attrs["aria-invalid"] = "true"

    def add_error(self, field, error):
        """An error added later (a service's refusal, core/form_pages.py) marks its field too."""
        super().add_error(field, error)
        for name in list(self._errors or {}):
            if name in self.fields:
                self._mark_invalid(name)

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            if isinstance(field.widget, SearchSelect) and searching(self.data, self.add_prefix(name)):
                # The Search button (without JavaScript): show the matches, do nothing yet.
                self.add_error(name, _("Pick from the matches below, then send the form again."))
        return data
