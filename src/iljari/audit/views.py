"""The privacy officer's page: search the personal-data access log, check its hash chain,
see bulk-access alerts, export the result as CSV."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from iljari.accounts.permissions import has_capability
from iljari.core.spreadsheet import csv_writer

from .actions import log_access
from .alerts import bulk_access_alerts
from .chain import check as check_chain
from .forms import AccessLogFilterForm
from .queries import search_access_log

PAGE_SIZE = 50
CSV_LIMIT = 50_000


def _require_officer(request):
    if not has_capability(request.user, "view_access_log"):
        raise PermissionDenied(_("개인정보 보호책임자만 접속기록을 볼 수 있습니다."))


@login_required
def access_log(request):
    _require_officer(request)
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = search_access_log(**{k: v for k, v in filters.items() if v})
    if request.GET.get("format") == "csv" and (not form.is_bound or form.is_valid()):
        return _csv(request, rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("verify", None)
    chain = None
    if request.GET.get("verify") == "1":
        report = check_chain()
        chain = {"intact": report.intact, "broken_id": report.broken_id, "reason": report.reason}
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "alerts": bulk_access_alerts(),
        "chain": chain,
    }
    return render(request, "audit/access_log.html", context)


def _csv(request, rows):
    rows = list(rows[:CSV_LIMIT])
    log_access(
        actor=request.user,
        action="export",
        subject=request.user,
        fields="개인정보 접속기록",
        purpose=gettext_noop("접속기록 점검(내려받기)"),
        request=request,
        count=len(rows),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv_writer(response)
    writer.writerow(
        [
            _("일시"),
            _("처리자"),
            _("행위"),
            _("대상 종류"),
            _("대상 ID"),
            _("정보주체"),
            _("항목"),
            _("목적"),
            _("접속지"),
            _("건수"),
            _("해시"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                timezone.localtime(row.at).isoformat(timespec="seconds"),
                row.actor_label,
                row.get_action_display(),
                row.subject_type,
                row.subject_id,
                row.subject_label,
                row.fields,
                row.get_purpose_display(),
                row.ip_address or "",
                row.count,
                row.row_hash,
            ]
        )
    return response
