"""Form pieces shared by every domain."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, widgets


class EmptyForm(FlaskForm):
    """A form with only the CSRF token: for POST-only buttons (logout, deactivate, approve)."""


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (accessible without JavaScript)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
