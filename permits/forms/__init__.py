"""Declarative user-task forms. A form builds both its page (fields) and its validating schema."""

from permits.forms.base import Choice, Field, Form, forms, get_form, register

# Importing the modules registers their forms.
from permits.forms import demo  # noqa: F401  isort: skip
from permits.forms import procedure  # noqa: F401  isort: skip

__all__ = ["Choice", "Field", "Form", "forms", "get_form", "register"]
