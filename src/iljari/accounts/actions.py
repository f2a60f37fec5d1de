"""Users, consent answers and API tokens."""

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import tokens
from .models import ApiToken, ConsentPurpose, ConsentRecord, ConsentText, User


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def do_issue_api_token(
    *, user: User, name: str, scopes: list[str] | None = None, expires_in_days: int = tokens.DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """Return the token row and the clear key (shown once; only its SHA-256 is kept).

    ``scopes`` are ``<area>:<read|write>`` (accounts/tokens.py); None gives every area (what a
    token could do before scopes existed, for scripts and tests); the token page always asks."""
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("토큰 이름을 입력해 주세요.")
    scopes = list(tokens.ALL_SCOPES) if scopes is None else list(dict.fromkeys(scopes))
    if not scopes:
        errors["scopes"] = _("권한을 하나 이상 골라 주세요.")
    elif unknown := [s for s in scopes if s not in tokens.ALL_SCOPES]:
        errors["scopes"] = _("알 수 없는 권한입니다: %(scopes)s") % {"scopes": ", ".join(unknown)}
    if not 1 <= expires_in_days <= tokens.MAX_DAYS:
        errors["expires_in_days"] = _("유효 기간은 1일에서 365일 사이로 정해 주세요.")
    if errors:
        raise ValidationError(errors)
    key = "ilj_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80],
        key_hash=hash_token(key),
        prefix=key[:8],
        scopes=scopes,
        expires_at=timezone.now() + dt.timedelta(days=expires_in_days),
    )
    return token, key


@transaction.atomic
def do_revoke_api_token(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token at once (its next call is a 401); revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The live (not revoked, active user) token of a clear key, expired or not; None if unknown."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key or ""), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def touch_api_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())


def current_consent_texts():
    """The newest version of each consent purpose."""
    latest: dict[str, ConsentText] = {}
    for text in ConsentText.objects.order_by("purpose", "-version"):
        latest.setdefault(text.purpose, text)
    return list(latest.values())


@transaction.atomic
def do_record_consents(*, user: User, answers: dict[str, bool], ip_address: str | None = None) -> list:
    """Record answers to the current consent texts; every required one must be granted."""
    texts = current_consent_texts()
    missing = [t.title for t in texts if t.required and not answers.get(t.purpose)]
    if missing:
        raise ValidationError(
            {"consents": _("필수 동의 항목에 동의해 주세요: %(items)s") % {"items": ", ".join(missing)}},
            code="required_consent",
        )
    return [
        ConsentRecord.objects.create(
            user=user, text=text, granted=bool(answers.get(text.purpose)), ip_address=ip_address
        )
        for text in texts
    ]


@transaction.atomic
def do_withdraw_consent(*, user: User, purpose: str) -> int:
    text_ids = ConsentText.objects.filter(purpose=purpose, required=False).values_list("id", flat=True)
    if not text_ids:
        raise ValidationError(
            _("필수 동의는 철회할 수 없습니다. 회원 탈퇴를 이용해 주세요."), code="required"
        )
    return ConsentRecord.objects.filter(
        user=user, text_id__in=list(text_ids), granted=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


@transaction.atomic
def do_share_with_employer(*, user: User, employer, ip_address: str | None = None) -> ConsentRecord:
    """The seeker's consent naming one company: share my name and contact with it."""
    text = (
        ConsentText.objects.filter(purpose=ConsentPurpose.SHARE_WITH_EMPLOYERS).order_by("-version").first()
    )
    if text is None:
        raise ValidationError(_("기업 정보 제공 동의서가 아직 등록되지 않았습니다."), code="no_text")
    existing = ConsentRecord.objects.filter(
        user=user, employer=employer, text=text, granted=True, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    return ConsentRecord.objects.create(
        user=user, text=text, granted=True, employer=employer, ip_address=ip_address
    )


def employer_consented_user_ids(employer, user_ids) -> set[int]:
    """Of these users, those with an active consent that names this employer (one query)."""
    return set(
        ConsentRecord.objects.filter(
            user_id__in=list(user_ids),
            employer=employer,
            text__purpose=ConsentPurpose.SHARE_WITH_EMPLOYERS,
            granted=True,
            withdrawn_at__isnull=True,
        ).values_list("user_id", flat=True)
    )


def shares_with_employer(user: User, employer) -> bool:
    return bool(employer_consented_user_ids(employer, [user.pk]))


def has_active_consent(user: User, purpose: str) -> bool:
    return ConsentRecord.objects.filter(
        user=user, text__purpose=purpose, granted=True, withdrawn_at__isnull=True
    ).exists()


# Names nobody may sign up with. They are refused with the same message as a name already in
# use, so the message says nothing about whether an account exists.
RESERVED_USERNAMES = frozenset(
    {
        "admin", "administrator", "root", "system", "staff", "support", "help", "iljari", "api",
        "www", "mail", "postmaster", "webmaster", "security", "privacy", "null", "none", "anonymous",
        "counselor", "official", "manager", "test", "guest",
    }
)  # fmt: skip


def username_unavailable_message() -> str:
    return _("이 아이디는 사용할 수 없습니다. 다른 아이디를 입력해 주세요.")


def username_available(username: str) -> bool:
    name = (username or "").strip().lower()
    if name in RESERVED_USERNAMES or name.startswith("deleted-"):
        return False
    return not User.objects.filter(username__iexact=name).exists()


@transaction.atomic
def do_create_user(
    *, username: str, password: str, role: str, full_name: str = "", email: str = "", phone: str = ""
):
    """Create an account. A name in use or reserved is refused with one message
    (``username_unavailable_message``) and only after the password was checked and hashed, so
    neither the words nor the time of the answer tell an existing account from a reserved name."""
    user = User(username=username, role=role, full_name=full_name, email=email, phone=phone)
    validate_password(password, user)
    user.set_password(password)
    if not username_available(username):
        raise ValidationError({"username": username_unavailable_message()}, code="unavailable")
    user.full_clean(exclude=["password"])
    user.save()
    return user


__all__ = [
    "ConsentPurpose",
    "do_create_user",
    "do_record_consents",
    "do_share_with_employer",
    "do_withdraw_consent",
    "employer_consented_user_ids",
    "has_active_consent",
    "shares_with_employer",
]


def do_send_username_reminder(*, email: str, site_name: str, login_url: str) -> int:
    """아이디 찾기: e-mail the usernames registered with this address to that address (and only
    there, so the page never tells anyone whether an address is known). Returns how many were
    sent (0 or 1), for tests; the page shows the same message either way."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    users = list(User.objects.filter(email__iexact=email.strip(), is_active=True).order_by("username"))
    if not users:
        return 0
    context = {"usernames": [u.username for u in users], "site_name": site_name, "login_url": login_url}
    send_mail(
        subject=_("[%(site)s] 아이디 안내") % {"site": site_name},
        message=render_to_string("accounts/username_reminder_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[users[0].email],
    )
    return 1
