"""The data subject's rights (개인정보 보호법 제35·36조): see all of one's data, and be erased.

``export_personal_data(user)`` gathers every row that points at the user or their seeker
profile — found through the model graph, so models other apps add later are included —
plus their consent history and who accessed their data.
``do_delete_account(user, actor)`` anonymises: the account can no longer sign in, every
identifying field is blanked or coarsened, statistics (applications, placements) keep their
counts without a person behind them. Apps above this one that hold free text about a person
register their part with ``register_anonymiser`` (in their AppConfig.ready); each is called in
the same transaction.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from iljari.audit.actions import log_access
from iljari.audit.models import AccessLog

from .models import ApiToken, ConsentRecord, User
from .permissions import has_capability

#: Other apps' parts of deleting a person (see ``register_anonymiser``).
ANONYMISERS: list[Callable[[User], None]] = []


def register_anonymiser(anonymise: Callable[[User], None]) -> None:
    """An app that keeps free text about a person adds its part of the deletion (called once per
    deleted account, in the deletion's transaction)."""
    if anonymise not in ANONYMISERS:
        ANONYMISERS.append(anonymise)


# never part of an export: secrets and machinery
_SECRET_FIELDS = {"password", "key_hash", "key", "row_hash", "prev_hash", "session_key", "session_data"}
_SKIPPED_MODELS = {
    "sessions.session",
    "admin.logentry",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "otp_totp.totpdevice",
    "audit.accesslog",  # exported separately, as "who saw my data"
    "core.transitionlog",
}


def _plain(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def _row(instance) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in _SECRET_FIELDS:
            continue
        if isinstance(field, models.ForeignKey):
            related = getattr(instance, field.name, None)
            data[field.name] = str(related) if related is not None else None
        else:
            value = getattr(instance, field.attname)
            if field.choices and value not in (None, ""):
                value = getattr(instance, f"get_{field.name}_display")()
            data[field.name] = _plain(value)
    return data


def labelled_fields(instance) -> list[tuple[str, str]]:
    """(Korean field label, displayed value) for a page; secrets and ids left out."""
    rows = []
    for field in instance._meta.concrete_fields:
        if field.name in _SECRET_FIELDS or field.primary_key or field.name in ("user",):
            continue
        value = _row_value(instance, field)
        rows.append((str(field.verbose_name), "-" if value in (None, "", []) else str(value)))
    for m2m in instance._meta.many_to_many:
        items = ", ".join(str(item) for item in getattr(instance, m2m.name).all())
        rows.append((str(m2m.verbose_name), items or "-"))
    return rows


def _row_value(instance, field):
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name, None)
        return str(related) if related is not None else None
    value = getattr(instance, field.attname)
    if field.choices and value not in (None, ""):
        return getattr(instance, f"get_{field.name}_display")()
    if isinstance(value, bool):
        return _("예") if value else _("아니요")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        choices = getattr(instance, "LIST_FIELD_CHOICES", {}).get(field.name)
        labels = dict(choices.choices) if choices is not None else {}
        return ", ".join(str(labels.get(item, item)) for item in value)
    return _plain(value)


def _pointing_models(target):
    """(model, field name) for every FK/one-to-one to ``target`` outside the skipped models."""
    for model in apps.get_models():
        if model._meta.label_lower in _SKIPPED_MODELS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is target:
                yield model, field.name


def _subjects(user: User) -> list:
    subjects = [user]
    seeker = getattr(user, "seeker", None) if hasattr(user, "seeker") else None
    if seeker is not None:
        subjects.append(seeker)
    return subjects


def export_personal_data(user: User) -> dict:
    """Everything held about ``user`` as plain JSON-able data, grouped by record type."""
    seeker = getattr(user, "seeker", None) if hasattr(user, "seeker") else None
    records: dict[str, list[dict]] = {}
    for subject in [user, seeker] if seeker is not None else [user]:
        # the model, not type(): request.user is a lazy wrapper whose type matches no foreign key
        for model, field in _pointing_models(subject._meta.model):
            if model is ConsentRecord or model is ApiToken:
                continue
            rows = model._default_manager.filter(**{field: subject})[:5000]
            label = str(model._meta.verbose_name_plural)
            for row in rows:
                entry = _row(row)
                # M2M choices (desired occupations, regions) of the seeker profile
                records.setdefault(label, []).append(entry)
    profile = _row(user)
    if seeker is not None:
        seeker_data = _row(seeker)
        for m2m in seeker._meta.many_to_many:
            seeker_data[m2m.name] = [str(item) for item in getattr(seeker, m2m.name).all()]
        profile = {"account": profile, "seeker": seeker_data}
    else:
        profile = {"account": profile}
    subject_filter = models.Q(subject_type="user", subject_id=str(user.pk))
    if seeker is not None:
        subject_filter |= models.Q(subject_type="seeker", subject_id=str(seeker.pk))
    accesses = [
        {
            "at": row.at.isoformat(),
            "by": row.actor_label,
            "action": row.get_action_display(),
            "fields": row.fields,
            "purpose": row.get_purpose_display(),
        }
        for row in AccessLog.objects.filter(subject_filter).order_by("-at")[:1000]
    ]
    consents = [
        {
            "title": record.text.title,
            "version": record.text.version,
            "purpose": record.text.get_purpose_display(),
            "granted": record.granted,
            "answered_at": record.answered_at.isoformat(),
            "withdrawn_at": record.withdrawn_at.isoformat() if record.withdrawn_at else None,
        }
        for record in user.consents.select_related("text").order_by("answered_at")
    ]
    return {
        "generated_at": timezone.now().isoformat(),
        "controller": settings.ILJARI["CENTER_NAME"],
        "profile": profile,
        "records": records,
        "consents": consents,
        "access_history": accesses,
    }


def _coarse_birth_year(year: int | None) -> int | None:
    if not year:
        return year
    return max(1930, year - year % 10)


@transaction.atomic
def do_delete_account(user: User, actor, *, reason: str = "", end_sessions: bool = True) -> User:
    """Anonymise ``user`` (and their seeker profile) irreversibly.

    ``actor`` is the user themself, an administrator, or ``None`` for the retention job.
    """
    if actor is not None and actor.pk != user.pk and not has_capability(actor, "view_access_log"):
        raise PermissionDenied(_("다른 사람의 계정을 삭제할 권한이 없습니다."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.username.startswith("deleted-") and not user.is_active:
        raise ValidationError(_("이미 탈퇴 처리된 계정입니다."), code="already_deleted")
    now = timezone.now()
    log_access(
        actor=actor,
        actor_label=None if actor is not None else "system:retention",
        action="delete",
        subject=user,
        fields="계정, 연락처, 프로필",
        purpose=reason
        or (
            gettext_noop("회원 탈퇴")
            if actor is not None and actor.pk == user.pk
            else gettext_noop("보유기간 경과")
        ),
    )
    seeker = getattr(user, "seeker", None) if hasattr(user, "seeker") else None
    if seeker is not None:
        region = seeker.home_region
        seeker.birth_year = _coarse_birth_year(seeker.birth_year)
        seeker.lat, seeker.lon = region.lat, region.lon
        seeker.summary = ""
        seeker.disability_accommodations = ""
        seeker.visa_type = ""
        seeker.status = "inactive"
        seeker.anonymised_at = now
        seeker.save()
        seeker.experiences.update(employer_name="", duties="")
    user.username = f"deleted-{user.pk}"
    user.full_name = ""
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.phone = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    if end_sessions:
        _end_sessions_of(user)
    for anonymise in ANONYMISERS:
        anonymise(user)
    return user


def _end_sessions_of(user: User) -> None:
    """Delete the user's database sessions (the default session engine)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
