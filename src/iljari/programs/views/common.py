"""What the programs' pages share: month labels, an action's errors on a form, the plan shown first."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def month_labels() -> list[str]:
    return [_("%(m)d월") % {"m": m} for m in range(1, 13)]


def apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def default_plan(plans):
    today = timezone.localdate()
    current = [p for p in plans if p.year == today.year]
    return (current or plans or [None])[0]
