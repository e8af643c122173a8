"""Form pieces shared by every domain."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectMultipleField, widgets


class EmptyForm(FlaskForm):
    """A form with only the CSRF token: for POST-only buttons (logout, deactivate, approve)."""


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (accessible without JavaScript)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class DatumField(DateField):
    """A date field (HTML date input) with a Dutch message for input that is not a date."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Vul een geldige datum in (dag, maand en jaar).") from None


class GetalField(IntegerField):
    """An integer field with a Dutch message for input that is not a whole number."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Vul een heel getal in.") from None


def optional_int(value: object) -> int | None:
    """Coerce for select fields whose empty choice means 'none'."""
    if value in (None, "", "None"):
        return None
    return int(value)  # type: ignore[arg-type]
