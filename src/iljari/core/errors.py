"""Helpers to turn lookups and model validation into Korean ``ValidationError``s."""

from django.core.exceptions import ValidationError


def get_or_invalid(model, field: str, message: str, **lookup):
    """``model.objects.get(**lookup)`` or a ValidationError on ``field`` with ``message``."""
    try:
        return model.objects.get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError):
        raise ValidationError({field: message}, code="unknown") from None


def full_clean_or_raise(instance, exclude=None) -> None:
    """Run model validation; raise with Korean field messages."""
    instance.full_clean(exclude=exclude)
