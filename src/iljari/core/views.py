"""The center's own pages (찾아오시는 길, 개인정보처리방침, 이용약관), the health check and the
error pages. The landing page and the start page are the site app's (iljari.site.views)."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.templatetags.static import static


def healthz(request):
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})


def visit(request):
    """찾아오시는 길: the center's address, phone, opening hours and how to get there."""
    return render(request, "core/visit.html", {"transit": settings.ILJARI["CENTER_TRANSIT"]})


def privacy_policy(request):
    """개인정보처리방침, with this installation's retention periods and privacy officer."""
    context = {
        "seeker_retention_years": round(settings.ILJARI_SEEKER_RETENTION_DAYS / 365, 1),
        "access_log_retention_years": round(settings.ILJARI_ACCESS_LOG_RETENTION_DAYS / 365, 1),
        "privacy_officer": settings.ILJARI["PRIVACY_OFFICER"],
    }
    return render(request, "core/privacy.html", context)


def terms(request):
    """이용약관."""
    return render(request, "core/terms.html")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the static icon."""
    return redirect(static("iljari/favicon-32.png"), permanent=True)


# --- error pages (Korean, in the site's frame, with DEBUG off) --------------------------------


def service_details() -> dict:
    """The center's name, address, phone, hours and e-mail from settings (the frame's ``service``)."""
    config = settings.ILJARI
    return {
        "name": config["SITE_NAME"],
        "center": config["CENTER_NAME"],
        "address": config["CENTER_ADDRESS"],
        "phone": config["CENTER_PHONE"],
        "hours": config["CENTER_HOURS"],
        "email": config["CENTER_EMAIL"],
    }


def _frame_without_request() -> dict:
    """The frame's data for a page rendered without the request's context processors."""
    return {"service": service_details()}


def server_error(request):
    """500: no database and no context processors (they may be what failed)."""
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render(_frame_without_request()))


def csrf_failure(request, reason=""):
    """403 when a form's security token is missing or old (CSRF_FAILURE_VIEW): usually a page left
    open too long, so the person is asked to go back and send it again."""
    return render(request, "403_csrf.html", status=403)
