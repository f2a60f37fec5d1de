"""Referral pages: list, create (from a seeker), detail with moves, interviews (ICS) and the hire.

Placements and their follow-ups are in ``placements``; the employer portal's referral pages in
``employer_views``; the seeker's in ``activity``.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from iljari.accounts.actions import employer_consented_user_ids
from iljari.accounts.permissions import Capability, has_capability, is_employer_user, is_seeker
from iljari.audit.actions import log_access, log_access_many
from iljari.core.ui import int_param, labelled_history, paginate
from iljari.core.validators import mask_email, mask_phone
from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy, VacancyStatus

from . import actions, ics, interviews
from .display import consented_pairs, seeker_display
from .forms import HireForm, InterviewForm, MoveForm, OutcomeForm, ReferralCreateForm
from .models import Interview, InterviewStatus, Placement, Referral, ReferralStatus
from .permissions import (
    allowed_moves,
    can_record_hire,
    can_schedule_interview,
    role_of,
    visible_referrals,
)

MOVE_LABELS: dict[str, Promise] = {
    ReferralStatus.SEEKER_ACCEPTED: gettext_lazy("구직자 동의 확인"),
    ReferralStatus.EMPLOYER_REVIEW: gettext_lazy("기업에 추천서 전달"),
    ReferralStatus.INTERVIEW: gettext_lazy("면접 단계로"),
    ReferralStatus.HIRED: gettext_lazy("채용 확정"),
    ReferralStatus.NOT_HIRED: pgettext_lazy("action", "불채용"),
    ReferralStatus.CANCELLED: gettext_lazy("알선 취소"),
}


def _referral_qs():
    return Referral.objects.select_related(
        "seeker__user", "vacancy__employer", "counselor", "vacancy__occupation"
    )


def _get_referral(request, pk) -> Referral:
    referral = get_object_or_404(visible_referrals(request.user, _referral_qs()), pk=pk)
    return referral


@login_required
def referral_list(request):
    qs = visible_referrals(request.user, _referral_qs())
    if not (
        has_capability(request.user, Capability.REFER)
        or is_employer_user(request.user)
        or is_seeker(request.user)
    ):
        raise PermissionDenied(_("알선 목록을 볼 권한이 없습니다."))
    status = request.GET.get("status", "")
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()
    if q:
        qs = qs.filter(
            Q(vacancy__title__icontains=q)
            | Q(vacancy__employer__name__icontains=q)
            | (
                Q(seeker__user__full_name__icontains=q)
                if has_capability(request.user, "refer")
                else Q(pk=None)
            )
        )
    page = paginate(request, qs.order_by("-updated_at", "-id"))
    pairs = consented_pairs(list(page)) if is_employer_user(request.user) else set()
    for r in page:
        r.seeker_label = seeker_display(
            request.user,
            r.seeker,
            r.vacancy.employer,
            consented=(r.seeker.user_id, r.vacancy.employer_id) in pairs,
        )
    if not is_seeker(request.user):  # staff and employers: every person on the page
        log_access_many(
            actor=request.user,
            action="list",
            subjects=[r.seeker for r in page],
            fields="name",
            purpose="알선 목록",
            request=request,
        )
    upcoming = Interview.objects.none()
    if has_capability(request.user, "refer"):
        upcoming = Interview.objects.filter(
            referral__in=visible_referrals(request.user, Referral.objects.all()),
            status=InterviewStatus.SCHEDULED,
            starts_at__gte=timezone.now(),
        ).select_related("referral__vacancy__employer", "referral__seeker__user", "counselor")[:10]
    return render(
        request,
        "referrals/list.html",
        {
            "page": page,
            "statuses": ReferralStatus.choices,
            "status": status,
            "q": q,
            "upcoming": upcoming,
            "is_staff": has_capability(request.user, "refer"),
        },
    )


@login_required
def referral_create(request):
    if not has_capability(request.user, "refer"):
        raise PermissionDenied(_("알선 권한이 없습니다."))
    seeker = get_object_or_404(
        Seeker.objects.select_related("user"),
        pk=int_param(request.GET.get("seeker"), request.POST.get("seeker")),
    )
    form = ReferralCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vacancy = Vacancy.objects.filter(pk=form.cleaned_data["vacancy"]).select_related("employer").first()
        if vacancy is None:
            form.add_error(None, _("공고를 찾을 수 없습니다."))
        else:
            try:
                referral = actions.do_create_referral(
                    seeker=seeker, vacancy=vacancy, counselor=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form.add_validation_error(exc)
            else:
                messages.success(
                    request, _("알선을 등록했습니다. 구직자의 동의를 받아 기업에 전달해 주세요.")
                )
                return redirect("referrals:detail", referral.pk)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()
    vacancies = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, closing_date__gte=timezone.localdate())
    if q:
        vacancies = vacancies.filter(
            Q(title__icontains=q) | Q(employer__name__icontains=q) | Q(duties__icontains=q)
        )
    else:
        occupations = list(seeker.desired_occupations.values_list("pk", flat=True))
        if occupations:
            vacancies = vacancies.filter(occupation_id__in=occupations)
    vacancies = vacancies.select_related("employer", "work_region").order_by("closing_date", "id")[:20]
    log_access(
        actor=request.user, action="view", subject=seeker, fields="name", purpose="알선 등록", request=request
    )
    return render(
        request, "referrals/create.html", {"seeker": seeker, "vacancies": vacancies, "q": q, "form": form}
    )


def _detail_context(request, referral, **forms):
    user = request.user
    role = role_of(user, referral)
    placement = Placement.objects.filter(referral=referral).first()
    follow_ups = list(placement.follow_ups.all()) if placement else []
    consented = role == "employer" and bool(
        employer_consented_user_ids(referral.vacancy.employer, [referral.seeker.user_id])
    )
    show_contact = role in ("staff", "seeker") or consented
    seeker_user = referral.seeker.user
    context = {
        "referral": referral,
        "role": role,
        "seeker_label": seeker_display(user, referral.seeker, referral.vacancy.employer, consented=consented),
        "seeker_phone": seeker_user.phone if show_contact else mask_phone(seeker_user.phone),
        "seeker_email": seeker_user.email if show_contact else mask_email(seeker_user.email),
        "history": labelled_history(referral, ReferralStatus.choices),
        "moves": [(s, MOVE_LABELS.get(s, s)) for s in allowed_moves(user, referral)],
        "interviews": referral.interviews.select_related("counselor").all(),
        "can_schedule": can_schedule_interview(user, referral)
        and referral.status in interviews.INTERVIEW_STATES,
        "can_hire": can_record_hire(user, referral)
        and referral.status in (ReferralStatus.INTERVIEW, ReferralStatus.HIRED)
        and placement is None,
        "placement": placement,
        "follow_ups": follow_ups,
        "interview_form": forms.get("interview_form") or InterviewForm(),
        "hire_form": forms.get("hire_form")
        or HireForm(
            initial={
                "hire_date": timezone.localdate(),
                "monthly_wage": referral.vacancy.monthly_wage,
                "employment_type": referral.vacancy.employment_type,
            }
        ),
        "outcome_form": OutcomeForm(),
        "move_error": forms.get("move_error"),
    }
    if role in ("staff", "employer"):
        log_access(
            actor=user,
            action="view",
            subject=referral.seeker,
            fields="name,phone,email" if show_contact else "name",
            purpose="알선 진행",
            request=request,
        )
    return context


@login_required
def referral_detail(request, pk):
    referral = _get_referral(request, pk)
    return render(request, "referrals/detail.html", _detail_context(request, referral))


@login_required
@require_POST
def referral_move(request, pk):
    referral = _get_referral(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    to = form.cleaned_data["to_status"]
    if to not in allowed_moves(request.user, referral):
        labels = dict(ReferralStatus.choices)
        message = _("'%(from)s' 상태에서 '%(to)s' 상태로 바꿀 수 없습니다.") % {
            "from": referral.get_status_display(),
            "to": labels.get(to, to),
        }
        return render(
            request,
            "referrals/detail.html",
            _detail_context(request, referral, move_error=message),
            status=400,
        )
    try:
        actions.do_move_referral(
            referral=referral, to_status=to, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        return render(
            request,
            "referrals/detail.html",
            _detail_context(request, referral, move_error=" ".join(exc.messages)),
            status=400,
        )
    messages.success(request, _("진행 상태를 바꿨습니다."))
    return redirect("referrals:detail", referral.pk)


@login_required
@require_POST
def interview_create(request, pk):
    referral = _get_referral(request, pk)
    if not can_schedule_interview(request.user, referral):
        raise PermissionDenied(_("면접 일정을 잡을 권한이 없습니다."))
    form = InterviewForm(request.POST)
    if form.is_valid():
        try:
            interviews.do_schedule_interview(referral=referral, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("면접 일정을 등록했습니다. 구직자에게 안내 메시지가 발송됩니다."))
            return redirect("referrals:detail", referral.pk)
    referral.refresh_from_db()
    return render(
        request, "referrals/detail.html", _detail_context(request, referral, interview_form=form), status=400
    )


@login_required
@require_POST
def interview_outcome(request, pk):
    interview = get_object_or_404(Interview.objects.select_related("referral"), pk=pk)
    referral = _get_referral(request, interview.referral_id)
    if not can_schedule_interview(request.user, referral):
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            interviews.do_record_interview_outcome(
                interview=interview, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("면접 결과를 기록했습니다."))
    else:
        messages.error(request, _("면접 결과를 확인해 주세요."))
    return redirect("referrals:detail", referral.pk)


@login_required
def interview_ics(request, pk):
    interview = get_object_or_404(
        Interview.objects.select_related(
            "referral__vacancy__employer", "referral__seeker__user", "counselor"
        ),
        pk=pk,
    )
    _get_referral(request, interview.referral_id)
    body = ics.calendar([interview], host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


@login_required
def my_calendar_ics(request):
    """Upcoming interviews the user can see (a counselor's accompanied interviews first of all)."""
    referrals = visible_referrals(request.user, Referral.objects.all())
    interviews = (
        Interview.objects.filter(
            referral__in=referrals, starts_at__gte=timezone.now() - dt.timedelta(days=30)
        )
        .select_related("referral__vacancy__employer", "referral__seeker__user", "counselor")
        .order_by("starts_at")[:500]
    )
    body = ics.calendar(interviews, host=request.get_host().split(":")[0], name=_("일자리센터 면접 일정"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interviews.ics"'
    return response


@login_required
@require_POST
def referral_hire(request, pk):
    referral = _get_referral(request, pk)
    if not can_record_hire(request.user, referral):
        raise PermissionDenied(_("채용 결과를 기록할 권한이 없습니다."))
    form = HireForm(request.POST)
    if form.is_valid():
        try:
            placement = actions.do_hire(referral=referral, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(
                request, _("채용을 기록했습니다. 1·3·6·12개월 고용 유지 확인 일정이 만들어졌습니다.")
            )
            if has_capability(request.user, "refer"):
                return redirect("referrals:placement", placement.pk)
            return redirect("referrals:detail", referral.pk)
    referral.refresh_from_db()
    return render(
        request, "referrals/detail.html", _detail_context(request, referral, hire_form=form), status=400
    )
