"""The placements behind a project's number and why one of them does not count."""

from django.utils.translation import gettext as _gettext

from iljari.referrals.models import PlacementStatus

from ..models import Attribution, Project


def project_placements(project: Project):
    """The placements behind a project's number (attribution rows), newest hire first."""
    return (
        Attribution.objects.filter(project=project)
        .select_related("placement__employer__region", "placement__seeker__user", "rule")
        .order_by("-placement__hire_date", "-placement_id")
    )


def exclusion_reason(attribution: Attribution, year: int) -> str:
    """Empty when the placement counts; otherwise why it does not."""
    placement = attribution.placement
    if placement.status == PlacementStatus.CANCELLED:
        return _gettext("채용 취소")
    if placement.hire_date.year != year:
        return _gettext("%(year)s년 입사(사업 연도 밖)") % {"year": placement.hire_date.year}
    return ""
