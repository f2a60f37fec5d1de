"""How a referred seeker is named to whoever looks: in full for staff and the seeker, to a
company only under the seeker's consent naming it (else the initials)."""

from __future__ import annotations

from collections.abc import Sequence

from iljari.accounts.actions import employer_consented_user_ids
from iljari.accounts.models import ConsentRecord
from iljari.accounts.permissions import has_capability
from iljari.employers.models import Employer
from iljari.seekers.models import Seeker

from .models import Referral


def seeker_display(
    user, seeker: Seeker, employer: Employer | None = None, *, consented: bool | None = None
) -> str:
    """Full name for staff and the seeker; for a company only under the consent naming it.

    ``consented`` may be passed when the caller already knows (a list page asks once for all rows).
    """
    if has_capability(user, "view_seekers") or seeker.user_id == user.pk:
        return seeker.user.display_name
    if employer is not None:
        if consented is None:
            consented = bool(employer_consented_user_ids(employer, [seeker.user_id]))
        if consented:
            return seeker.user.display_name
    return seeker.initials


def consented_pairs(referrals: Sequence[Referral]) -> set[tuple[int, int]]:
    """(seeker user id, employer id) pairs with a consent naming that employer, in one query."""
    if not referrals:
        return set()
    return set(
        ConsentRecord.objects.filter(
            user_id__in={r.seeker.user_id for r in referrals},
            employer_id__in={r.vacancy.employer_id for r in referrals},
            text__purpose="share_employers",
            granted=True,
            withdrawn_at__isnull=True,
        ).values_list("user_id", "employer_id")
    )
