"""A user's own notification settings (opt-out per channel) and messages; the staff delivery log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import has_capability
from iljari.core.ui import paginate

from . import actions
from .models import Channel, Delivery, DeliveryStatus, Notice, OptOut


def can_view_log(user) -> bool:
    return has_capability(user, "manage_cases") or has_capability(user, "manage_support")


@login_required
def settings_page(request):
    if request.method == "POST":
        wanted_off = set(request.POST.getlist("opt_out"))
        for channel in Channel.values:
            if channel in wanted_off:
                actions.do_opt_out(user=request.user, channel=channel)
            else:
                actions.do_opt_in(user=request.user, channel=channel)
        messages.success(request, _("알림 수신 설정을 저장했습니다."))
        return redirect("notifications:settings")
    off = set(OptOut.objects.filter(user=request.user, topic="").values_list("channel", flat=True))
    page = paginate(request, Delivery.objects.filter(recipient=request.user).order_by("-created_at"), 20)
    return render(
        request,
        "notifications/settings.html",
        {
            "channels": [(value, label, value in off) for value, label in Channel.choices],
            "page": page,
            "can_view_log": can_view_log(request.user),
        },
    )


@login_required
def delivery_log(request):
    if not can_view_log(request.user):
        raise PermissionDenied(_("발송 기록을 볼 권한이 없습니다."))
    qs = Delivery.objects.select_related("recipient")
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        qs = qs.filter(status=status)
    channel = request.GET.get("channel", "")
    if channel in Channel.values:
        qs = qs.filter(channel=channel)
    page = paginate(request, qs.order_by("-created_at", "-id"))
    return render(
        request,
        "notifications/log.html",
        {
            "page": page,
            "status": status,
            "channel": channel,
            "statuses": DeliveryStatus.choices,
            "channel_choices": Channel.choices,
        },
    )


@login_required
@require_POST
def delivery_retry(request, pk):
    if not can_view_log(request.user):
        raise PermissionDenied
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        actions.do_retry_delivery(delivery=delivery)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("다시 보내도록 발송 대기열에 넣었습니다."))
    return redirect("notifications:log")


@login_required
def inbox(request):
    """알림함: every message sent to me, newest first; the ones shown become read."""
    page = paginate(request, Notice.objects.filter(recipient=request.user), 20)
    notices = list(page.object_list)
    unread = {n.pk for n in notices if n.read_at is None}
    if unread:
        actions.do_mark_read(user=request.user, notice_ids=unread)
    return render(request, "notifications/inbox.html", {"page": page, "notices": notices, "unread": unread})
