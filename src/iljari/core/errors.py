"""Helpers to turn lookups and model validation into Korean ``ValidationError``s."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def get_or_invalid(model, field: str, message: str, **lookup):
    """``model.objects.get(**lookup)`` or a ValidationError on ``field`` with ``message``."""
    try:
        return model.objects.get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError):
        raise ValidationError({field: message}, code="unknown") from None


def full_clean_or_raise(instance, exclude=None) -> None:
    """Run model validation; raise with Korean field messages."""
    instance.full_clean(exclude=exclude)


def region_by_code(code: str, field: str = "region_code"):
    """The current region for a code; an old code (인천 남구, 서구 before 2026-07-01 …) is
    translated through the change table and the region carries ``translation_note`` saying so."""
    from iljari.taxonomy.regions import resolve_region_code

    region, note = resolve_region_code(str(code))
    if region is None:
        raise ValidationError(
            {field: _("알 수 없는 지역 코드입니다: %(code)s") % {"code": code}}, code="unknown"
        )
    region.translation_note = note
    return region
