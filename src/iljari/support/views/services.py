"""The services catalogue, applications to a service and their handling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import (
    employer_ids_of,
    has_capability,
    is_employer_user,
    is_seeker,
)
from iljari.core.ui import labelled_history, paginate
from iljari.employers.models import Employer
from iljari.seekers.models import Seeker

from .. import actions
from ..access import require_support_staff
from ..forms import (
    ApplyForm,
    DecideForm,
    UsageForm,
)
from ..models import (
    Audience,
    ServiceApplication,
    ServiceApplicationStatus,
    SupportService,
)


def _applicant(user):
    """(employer, seeker) the user applies as."""
    if not getattr(user, "is_authenticated", False):
        return None, None
    if is_employer_user(user):
        return Employer.objects.filter(pk__in=employer_ids_of(user)).select_related("region").first(), None
    if is_seeker(user):
        return None, Seeker.objects.filter(user=user).select_related("home_region").first()
    return None, None


def service_catalogue(request):
    services = (
        SupportService.objects.filter(active=True)
        .annotate(n_applications=Count("applications"))
        .order_by("audience", "name")
    )
    employer, seeker = _applicant(request.user)
    mine: QuerySet[ServiceApplication] | list[ServiceApplication] = []
    if employer is not None:
        mine = ServiceApplication.objects.filter(employer=employer).select_related("service")
    elif seeker is not None:
        mine = ServiceApplication.objects.filter(seeker=seeker).select_related("service")
    return render(
        request,
        "support/services.html",
        {
            "employer_services": [s for s in services if s.audience == Audience.EMPLOYER],
            "worker_services": [s for s in services if s.audience == Audience.WORKER],
            "mine": mine,
            "is_staff": has_capability(request.user, "manage_support"),
        },
    )


def service_detail(request, slug):
    service = get_object_or_404(SupportService, slug=slug)
    employer, seeker = _applicant(request.user)
    problems = None
    if employer is not None or seeker is not None:
        problems = actions.eligibility_problems(service, employer=employer, seeker=seeker)
    form = ApplyForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        if employer is None and seeker is None:
            raise PermissionDenied(_("기업 담당자나 구직자만 신청할 수 있습니다."))
        if form.is_valid():
            try:
                actions.do_apply_service(
                    service=service,
                    actor=request.user,
                    employer=employer,
                    seeker=seeker,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_validation_error(exc)
            else:
                messages.success(request, _("신청했습니다. 담당자가 확인한 뒤 결과를 알려 드립니다."))
                return redirect("support:services")
    return render(
        request,
        "support/service.html",
        {
            "service": service,
            "problems": problems,
            "form": form,
            "can_apply": employer is not None or seeker is not None,
        },
        status=400 if form.errors else 200,
    )


def _login_url():
    from django.conf import settings
    from django.urls import reverse

    return reverse(settings.LOGIN_URL)


@login_required
def application_list(request):
    require_support_staff(request.user)
    qs = ServiceApplication.objects.select_related("service", "employer", "seeker__user")
    status = request.GET.get("status", "applied")
    if status in ServiceApplicationStatus.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs.order_by("-created_at", "-id"))
    usage = SupportService.objects.annotate(
        approved=Count(
            "applications", filter=Q(applications__status__in=["approved", "in_use", "completed"])
        ),
        waiting=Count("applications", filter=Q(applications__status="applied")),
        used=Coalesce(Sum("applications__usage_count"), 0),
    ).order_by("name")
    return render(
        request,
        "support/applications.html",
        {
            "page": page,
            "status": status,
            "statuses": ServiceApplicationStatus.choices,
            "usage": usage,
        },
    )


@login_required
def application_detail(request, pk):
    require_support_staff(request.user)
    application = get_object_or_404(
        ServiceApplication.objects.select_related(
            "service", "employer__region", "seeker__user", "seeker__home_region"
        ),
        pk=pk,
    )
    error = None
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step in ("approve", "reject"):
                decide = DecideForm(request.POST)
                decide.is_valid()
                actions.do_decide_service(
                    application=application,
                    approve=step == "approve",
                    actor=request.user,
                    reason=decide.cleaned_data.get("reason", ""),
                )
            elif step == "usage":
                usage = UsageForm(request.POST)
                if not usage.is_valid():
                    raise ValidationError(_("이용 횟수는 1 이상 1,000 이하로 입력해 주세요."))
                actions.do_record_service_usage(
                    application=application, actor=request.user, **usage.cleaned_data
                )
            else:
                raise ValidationError(_("알 수 없는 처리입니다."))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("처리했습니다."))
            return redirect("support:application", application.pk)
    problems = actions.eligibility_problems(
        application.service, employer=application.employer, seeker=application.seeker
    )
    return render(
        request,
        "support/application.html",
        {
            "a": application,
            "problems": problems,
            "error": error,
            "decide_form": DecideForm(),
            "usage_form": UsageForm(),
            "history": labelled_history(application, ServiceApplicationStatus.choices),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    employer, seeker = _applicant(request.user)
    application = get_object_or_404(
        ServiceApplication.objects.filter(Q(employer=employer) if employer else Q(seeker=seeker))
        if (employer or seeker)
        else ServiceApplication.objects.none(),
        pk=pk,
    )
    try:
        actions.do_withdraw_service(application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("신청을 취소했습니다."))
    return redirect("support:services")
