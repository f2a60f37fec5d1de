"""Placements (취업 기록) and their follow-ups (고용 유지 확인): the lists, a placement's page, a hire
recorded without a referral, the follow-up calls and the retention table."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import has_capability
from iljari.audit.actions import log_access, log_access_many
from iljari.core.ui import int_param, paginate
from iljari.employers.models import Employer
from iljari.seekers.models import Seeker

from . import actions
from .forms import DirectPlacementForm, FollowUpForm
from .models import FollowUpStatus, Placement, RetentionFollowUp
from .permissions import is_admin
from .selectors import GROUPINGS, retention_table


def visible_placements(user):
    qs = Placement.objects.select_related("seeker__user", "employer", "occupation", "referral__counselor")
    if not has_capability(user, "refer"):
        raise PermissionDenied(_("취업 기록을 볼 권한이 없습니다."))
    if is_admin(user):
        return qs
    team_q = Q(recorded_by=user) | Q(referral__counselor=user) | Q(seeker__cases__counselor=user)
    if user.team_id:
        team_q |= (
            Q(recorded_by__team_id=user.team_id)
            | Q(referral__counselor__team_id=user.team_id)
            | Q(seeker__cases__team_id=user.team_id)
        )
    return qs.filter(team_q).distinct()


@login_required
def placement_list(request):
    qs = visible_placements(request.user)
    page = paginate(request, qs.order_by("-hire_date", "-id"))
    log_access_many(
        actor=request.user,
        action="list",
        subjects=[p.seeker for p in page],
        fields="name,placement",
        purpose="취업 기록 목록",
        request=request,
    )
    return render(request, "referrals/placements.html", {"page": page})


@login_required
def placement_detail(request, pk):
    placement = get_object_or_404(visible_placements(request.user), pk=pk)
    log_access(
        actor=request.user,
        action="view",
        subject=placement.seeker,
        fields="name,placement",
        purpose="고용 유지 관리",
        request=request,
    )
    follow_ups = list(placement.follow_ups.select_related("recorded_by"))
    pending = [fu.pk for fu in follow_ups if fu.status == FollowUpStatus.PENDING]
    return render(
        request,
        "referrals/placement.html",
        {
            "placement": placement,
            "follow_ups": follow_ups,
            "next_pending": pending[0] if pending else None,
            "form": FollowUpForm(),
        },
    )


@login_required
def placement_create(request):
    """Record a hire directly (not from a referral): a seeker found work on their own, at a fair, ..."""
    if not has_capability(request.user, "refer"):
        raise PermissionDenied
    seeker = get_object_or_404(
        Seeker.objects.select_related("user"),
        pk=int_param(request.GET.get("seeker"), request.POST.get("seeker")),
    )
    form = DirectPlacementForm(request.POST or None, initial={"hire_date": timezone.localdate()})
    q = (request.GET.get("q") or "").replace("\x00", "").strip()
    employers = Employer.objects.filter(name__icontains=q).order_by("name")[:20] if q else []
    chosen = Employer.objects.filter(
        pk=int_param(request.GET.get("employer"), request.POST.get("employer"))
    ).first()
    if request.method == "POST" and form.is_valid():
        if chosen is None:
            form.add_error(None, _("기업을 골라 주세요."))
        else:
            data = form.cleaned_data
            try:
                placement = actions.do_record_placement(
                    seeker=seeker,
                    employer=chosen,
                    hire_date=data["hire_date"],
                    monthly_wage=data["monthly_wage"],
                    employment_type=data["employment_type"],
                    source_ref=data["source_ref"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_validation_error(exc)
            else:
                messages.success(request, _("취업을 기록했습니다."))
                return redirect("referrals:placement", placement.pk)
    return render(
        request,
        "referrals/placement_form.html",
        {"seeker": seeker, "form": form, "employers": employers, "chosen": chosen, "q": q},
    )


@login_required
@require_POST
def follow_up_record(request, pk):
    follow_up = get_object_or_404(RetentionFollowUp, pk=pk)
    placement = get_object_or_404(visible_placements(request.user), pk=follow_up.placement_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            actions.do_record_follow_up(follow_up=follow_up, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("고용 유지 확인 결과를 기록했습니다."))
    else:
        messages.error(request, _("확인 결과를 골라 주세요."))
    return redirect("referrals:placement", placement.pk)


@login_required
def follow_up_list(request):
    placements = visible_placements(request.user)
    show = request.GET.get("show", "due")
    qs = RetentionFollowUp.objects.filter(placement__in=placements).select_related(
        "placement__seeker__user", "placement__employer"
    )
    if show == "due":
        qs = qs.filter(
            status=FollowUpStatus.PENDING, due_date__lte=timezone.localdate() + dt.timedelta(days=14)
        )
    elif show == "pending":
        qs = qs.filter(status=FollowUpStatus.PENDING)
    page = paginate(request, qs.order_by("due_date", "id"))
    log_access_many(
        actor=request.user,
        action="list",
        subjects=[fu.placement.seeker for fu in page],
        fields="name,follow-up",
        purpose="고용 유지 확인 목록",
        request=request,
    )
    return render(
        request, "referrals/follow_ups.html", {"page": page, "show": show, "today": timezone.localdate()}
    )


@login_required
def retention(request):
    if not has_capability(request.user, "view_statistics"):
        raise PermissionDenied
    by = request.GET.get("by", "employer")
    if by not in GROUPINGS:
        by = "employer"
    return render(
        request,
        "referrals/retention.html",
        {
            "by": by,
            "groupings": [(k, v[1]) for k, v in GROUPINGS.items()],
            "rows": retention_table(by),
            "months": (1, 3, 6, 12),
        },
    )
