"""Seeker sign-up, profile and résumé, preferences, applications and account deletion."""

from __future__ import annotations

import datetime as dt
import decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from iljari.accounts import privacy
from iljari.accounts.actions import do_create_user, do_record_consents
from iljari.accounts.models import Role
from iljari.core.validators import clean_text, normalize_phone
from iljari.notifications import actions as notification_actions
from iljari.notifications.models import Channel, Topic
from iljari.taxonomy.choices import Education, Shift
from iljari.taxonomy.models import Occupation, Qualification
from iljari.taxonomy.regions import region_by_code
from iljari.taxonomy.titles import candidates_for, occupation_for
from iljari.vacancies.actions import APPLICATION_FLOW, do_move_application
from iljari.vacancies.models import Application, ApplicationStatus

from .models import Experience, QualificationHeld, Seeker

PROFILE_FIELDS = {
    "birth_year",
    "gender",
    "education",
    "visa_type",
    "needs_dormitory",
    "summary",
    "disability_accommodations",
}


def _touch(seeker: Seeker) -> None:
    seeker.last_active_at = timezone.now()


def _refresh_matching(seeker: Seeker) -> None:
    """Rows around the seeker changed (experience, licences, wishes): the seeker's ``updated_at``
    moves, and matching refreshes on read — its in-memory pools rebuild when the newest
    ``updated_at`` of the active seekers changes, and stored batch recommendations older than the
    profile count as stale. Matching sits above seekers, so nothing here calls it."""
    now = timezone.now()
    Seeker.objects.filter(pk=seeker.pk).update(updated_at=now, last_active_at=now)
    seeker.updated_at = now


def _check_birth_year(year) -> None:
    this_year = timezone.localdate().year
    if year is None or not (1930 <= int(year) <= this_year - 15):
        raise ValidationError(
            {"birth_year": _("출생연도는 1930년부터 %(y)d년 사이로 입력해 주세요.") % {"y": this_year - 15}}
        )


@transaction.atomic
def do_signup_seeker(
    *,
    username: str,
    password: str,
    full_name: str,
    birth_year: int,
    region_code: str,
    consents: dict[str, bool],
    phone: str = "",
    email: str = "",
    gender: str = "",
    education: str = Education.HIGH,
    ip_address: str | None = None,
) -> Seeker:
    """Create the user, the seeker profile, the consent records and notification defaults."""
    full_name = clean_text(full_name)
    if not full_name:
        raise ValidationError({"full_name": _("이름을 입력해 주세요.")})
    _check_birth_year(birth_year)
    phone = normalize_phone(phone) if phone else ""
    region = region_by_code(region_code, field="home_region")
    user = do_create_user(
        username=clean_text(username),
        password=password,
        role=Role.SEEKER,
        full_name=full_name[:60],
        email=clean_text(email),
        phone=phone,
    )
    do_record_consents(user=user, answers=consents, ip_address=ip_address)
    seeker = Seeker(
        user=user,
        birth_year=birth_year,
        gender=gender,
        education=education,
        home_region=region,
        lat=region.lat,
        lon=region.lon,
        shift_preferences=[Shift.DAY],
    )
    seeker.full_clean()
    seeker.save()
    if not consents.get("notifications"):
        notification_actions.do_opt_out(user=user, topic=Topic.EVENTS)
    return seeker


@transaction.atomic
def do_update_profile(
    *, seeker: Seeker, actor, full_name=None, phone=None, email=None, region_code=None, **fields
) -> Seeker:
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationError(_("바꿀 수 없는 항목입니다: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "birth_year" in fields:
        _check_birth_year(fields["birth_year"])
    user = seeker.user
    if full_name is not None:
        full_name = clean_text(full_name)
        if not full_name:
            raise ValidationError({"full_name": _("이름을 입력해 주세요.")})
        user.full_name = full_name[:60]
    if phone is not None:
        user.phone = normalize_phone(phone) if phone else ""
    if email is not None:
        user.email = clean_text(email)
    user.full_clean(exclude=["password"])
    user.save()
    if region_code:
        region = region_by_code(region_code, field="home_region")
        seeker.home_region, seeker.lat, seeker.lon = region, region.lat, region.lon
    for name, value in fields.items():
        setattr(seeker, name, value)
    _touch(seeker)
    seeker.full_clean()
    seeker.save()
    return seeker


@transaction.atomic
def do_update_preferences(
    *,
    seeker: Seeker,
    actor,
    desired_occupations=None,
    desired_regions=None,
    desired_monthly_wage=None,
    shift_preferences=None,
    employment_type=None,
    max_commute_minutes=None,
) -> Seeker:
    if desired_monthly_wage is not None and not (0 <= desired_monthly_wage <= 50_000_000):
        raise ValidationError(
            {"desired_monthly_wage": _("희망 월급은 0원에서 5,000만 원 사이로 입력해 주세요.")}
        )
    if shift_preferences is not None:
        bad = [s for s in shift_preferences if s not in Shift.values]
        if bad:
            raise ValidationError(
                {"shift_preferences": _("알 수 없는 근무 형태입니다: %(s)s") % {"s": ", ".join(bad)}}
            )
        seeker.shift_preferences = list(dict.fromkeys(shift_preferences))
    seeker.desired_monthly_wage = desired_monthly_wage
    if employment_type is not None:
        seeker.employment_type = employment_type
    if max_commute_minutes is not None:
        seeker.max_commute_minutes = max_commute_minutes
    _touch(seeker)
    seeker.full_clean()
    seeker.save()
    if desired_occupations is not None:
        seeker.desired_occupations.set(desired_occupations)
    if desired_regions is not None:
        seeker.desired_regions.set(desired_regions)
    _refresh_matching(seeker)
    return seeker


# --- experience: free-text job names normalised to occupations ------------------------------


def normalise_job_title(title: str) -> Occupation | None:
    """A free-text job name ("CO2 용접공", "시아게") → its KECO occupation when the one title
    normaliser is sure (``iljari.taxonomy.titles``), else None: the résumé page then offers its three
    candidates for the person to pick (``do_pick_experience_occupation``)."""
    return occupation_for(title) if (title or "").strip() else None


def experience_occupation_choices(experience: Experience) -> list[Occupation]:
    """The normaliser's three candidates for an experience whose occupation is not known yet."""
    return candidates_for(experience.job_title)


@transaction.atomic
def do_pick_experience_occupation(*, seeker: Seeker, actor, experience_id: int, code: str) -> Experience:
    """The person's pick among the three candidates ("" = 모르겠음: left for a counselor)."""
    experience = Experience.objects.select_for_update().filter(seeker=seeker, pk=experience_id).first()
    if experience is None:
        raise ValidationError({"experience": _("경력을 찾을 수 없습니다.")})
    code = (code or "").strip()
    if code:
        allowed = {o.code: o for o in experience_occupation_choices(experience)}
        if code not in allowed:
            raise ValidationError({"code": _("제시된 직업 분류 중에서 골라 주세요.")})
        experience.occupation = allowed[code]
    else:
        experience.occupation = None
    experience.save(update_fields=["occupation"])
    _touch(seeker)
    seeker.save(update_fields=["last_active_at", "updated_at"])
    _refresh_matching(seeker)
    return experience


@transaction.atomic
def do_add_experience(
    *, seeker: Seeker, actor, job_title: str, years, employer_name: str = "", duties: str = ""
) -> Experience:
    job_title = clean_text(job_title)
    if not job_title:
        raise ValidationError({"job_title": _("직무명을 입력해 주세요.")})
    try:
        years = decimal.Decimal(str(years)).quantize(decimal.Decimal("0.1"))
    except (decimal.InvalidOperation, ValueError):
        raise ValidationError({"years": _("경력 기간은 숫자로 입력해 주세요 (예: 3.5).")}) from None
    if years.is_nan() or not (0 <= years <= 60):
        raise ValidationError({"years": _("경력 기간은 0년에서 60년 사이로 입력해 주세요.")})
    experience = Experience(
        seeker=seeker,
        job_title=job_title[:120],
        occupation=normalise_job_title(job_title),
        employer_name=clean_text(employer_name)[:120],
        years=years,
        duties=clean_text(duties)[:2000],
    )
    experience.full_clean()
    experience.save()
    _touch(seeker)
    seeker.save(update_fields=["last_active_at", "updated_at"])
    _refresh_matching(seeker)
    return experience


@transaction.atomic
def do_remove_experience(*, seeker: Seeker, actor, experience_id: int) -> None:
    deleted, _rows = Experience.objects.filter(seeker=seeker, pk=experience_id).delete()
    if not deleted:
        raise ValidationError(_("삭제할 경력을 찾을 수 없습니다."))
    _refresh_matching(seeker)


def qualification_choices():
    """The Q-Net list offered in the picker: graded national technical qualifications."""
    return Qualification.objects.exclude(grade="기타").exclude(name__regex=r"^[\d\-]").order_by("name")


@transaction.atomic
def do_add_qualification(
    *, seeker: Seeker, actor, name: str, acquired_on: dt.date | None = None
) -> QualificationHeld:
    name = clean_text(name)
    qualification = Qualification.objects.filter(name=name).first()
    if qualification is None:
        raise ValidationError(
            {"qualification": _("Q-Net 자격 목록에 있는 이름을 골라 주세요: %(n)s") % {"n": name or "-"}}
        )
    if acquired_on is not None and acquired_on > timezone.localdate():
        raise ValidationError({"acquired_on": _("취득일은 오늘 이전이어야 합니다.")})
    if QualificationHeld.objects.filter(seeker=seeker, qualification=qualification).exists():
        raise ValidationError({"qualification": _("이미 등록한 자격입니다.")})
    held = QualificationHeld.objects.create(
        seeker=seeker, qualification=qualification, acquired_on=acquired_on
    )
    _refresh_matching(seeker)
    return held


@transaction.atomic
def do_remove_qualification(*, seeker: Seeker, actor, held_id: int) -> None:
    deleted, _rows = QualificationHeld.objects.filter(seeker=seeker, pk=held_id).delete()
    if not deleted:
        raise ValidationError(_("삭제할 자격을 찾을 수 없습니다."))
    _refresh_matching(seeker)


# the seeker's notification settings page, over the notifications app's one preference store
NOTIFICATION_CHANNELS = {"by_sms": (Channel.SMS, Channel.ALIMTALK), "by_email": (Channel.EMAIL,)}
NOTIFICATION_TOPICS = {
    "new_recommendations": Topic.RECOMMENDATIONS,
    "application_updates": Topic.APPLICATIONS,
    "events": Topic.EVENTS,
}


@transaction.atomic
def do_update_notifications(*, seeker: Seeker, actor, **flags) -> dict[str, bool]:
    unknown = set(flags) - set(NOTIFICATION_CHANNELS) - set(NOTIFICATION_TOPICS)
    if unknown:
        raise ValidationError(_("알 수 없는 알림 항목입니다: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if flags.get("by_email") and not seeker.user.email:
        raise ValidationError(
            {"by_email": _("이메일로 받으려면 내 정보에 이메일 주소를 먼저 등록해 주세요.")}
        )
    notification_actions.do_set_preferences(
        user=seeker.user,
        channels={
            channel: bool(value)
            for name, value in flags.items()
            for channel in NOTIFICATION_CHANNELS.get(name, ())
        },
        topics={
            NOTIFICATION_TOPICS[name]: bool(value)
            for name, value in flags.items()
            if name in NOTIFICATION_TOPICS
        },
    )
    return notification_preference(seeker)


def notification_preference(seeker: Seeker) -> dict[str, bool]:
    """The settings page's values: each channel group and topic on (True) or off."""
    on = notification_actions.preferences(seeker.user)
    values = {name: all(on[c] for c in channels) for name, channels in NOTIFICATION_CHANNELS.items()}
    values.update({name: on[topic] for name, topic in NOTIFICATION_TOPICS.items()})
    return values


@transaction.atomic
def do_withdraw_application(*, seeker: Seeker, application, actor, reason: str = ""):
    if application.seeker_id != seeker.pk:
        raise ValidationError(_("본인의 지원만 취소할 수 있습니다."))
    return do_move_application(
        application=application,
        to_status=ApplicationStatus.WITHDRAWN,
        actor=actor,
        reason=reason or _("구직자 본인 취소"),
    )


@transaction.atomic
def do_delete_seeker_account(*, user, actor, reason: str = ""):
    """Delete (anonymise) the account through the privacy module (our part: ``anonymise_personal_data``)."""
    return privacy.do_delete_account(user, actor, reason=reason or gettext_noop("본인 탈퇴"))


def anonymise_personal_data(user) -> None:
    """The seekers app's part of iljari.accounts.privacy.do_delete_account (registered in apps.py).

    Open applications are withdrawn (employers stop seeing the person), application messages and
    notification preferences are cleared.
    """
    seeker = Seeker.objects.filter(user=user).first()
    if seeker is None:
        return
    for application in Application.objects.filter(seeker=seeker):
        if APPLICATION_FLOW.can_move(application, ApplicationStatus.WITHDRAWN):
            APPLICATION_FLOW.move(application, ApplicationStatus.WITHDRAWN, actor=None, reason=_("회원 탈퇴"))
    Application.objects.filter(seeker=seeker).update(message="")
    notification_actions.do_set_preferences(
        user=user, channels=dict.fromkeys(Channel.values, False), topics=dict.fromkeys(Topic.values, False)
    )
