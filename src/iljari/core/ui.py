"""Small UI helpers every app's pages share: KRDS form styling, date inputs, pagination that keeps
the query string, labelled workflow history, id parameters."""

from typing import TYPE_CHECKING, TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator

from .workflow import history

if TYPE_CHECKING:
    # the mixin is only ever combined with a form: type-check it as one
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class KrdsFormMixin(_FormBase):
    """Give every widget its KRDS class; mark invalid fields for assistive technology."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "krds-form-select")
            else:
                widget.attrs.setdefault("class", "krds-input")
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 4)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.add_prefix(name)}-error"

    def add_validation_error(self, exc: ValidationError) -> None:
        """Put an action's ValidationError onto this form (per field when it names fields)."""
        add_action_errors(self, exc)


def add_action_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """An action's refusal shown on a form: on each field it names that the form has, else on the
    form as a whole."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


_FieldT = TypeVar("_FieldT", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[_FieldT]) -> _FieldT:
    """The form's own copy of field ``name``, as the kind of field it is declared as.

    ``form.fields[name]`` is typed as a plain ``Field``; setting a ``queryset``, ``choices`` or
    ``label_from_instance`` in ``__init__`` goes through this so the type checker sees the kind."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"field {name!r} is a {type(field).__name__}, not a {kind.__name__}")
    return field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class QuerystringPage(Page):
    """A page that also carries the current query string (without ``page``) for its links."""

    querystring: str = ""


class _QuerystringPaginator(Paginator):
    def _get_page(self, *args, **kwargs):
        return QuerystringPage(*args, **kwargs)


def paginate(request, queryset, per_page: int = 30) -> QuerystringPage:
    paginator = _QuerystringPaginator(queryset, per_page)
    page = cast(QuerystringPage, paginator.get_page(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    page.querystring = query.urlencode()
    return page


def error_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def labelled_history(obj, choices) -> list:
    """The transition log of ``obj`` with Korean state labels (``from_label``/``to_label``)."""
    labels = dict(choices)
    rows = list(history(obj))
    for row in rows:
        row.from_label = labels.get(row.from_state, row.from_state)
        row.to_label = labels.get(row.to_state, row.to_state)
    return rows


def int_param(*values) -> int:
    """The first value that is a positive integer id, else 0 (so lookups 404 instead of erroring)."""
    for value in values:
        if value and str(value).isdigit() and len(str(value)) < 19:
            return int(value)
    return 0
