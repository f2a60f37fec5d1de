"""Project URLs. Each app owns its ``urls.py`` (namespaced) and its API ``router``."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from iljari.api import api

# (prefix, app); each app's urls.py declares app_name = its label
APP_URL_PREFIXES = [
    ("", "site"),
    ("", "core"),
    ("accounts/", "accounts"),
    ("jobs/", "vacancies"),
    ("employers/", "employers"),
    ("me/", "seekers"),
    ("counselor/", "console"),
    ("", "referrals"),  # under referrals/, and the seeker's answer to a proposal under me/
    ("cases/", "counseling"),
    ("support/", "support"),
    ("notifications/", "notifications"),
    ("fairs/", "fairs"),
    ("programs/", "programs"),
    ("privacy/", "audit"),
    ("", "matching"),  # its pages: matching/run/ and the seeker's me/recommendations/
    ("tasks/", "jobs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *[path(prefix, include(f"iljari.{app}.urls")) for prefix, app in APP_URL_PREFIXES],
]

handler500 = "iljari.core.views.server_error"

admin.site.site_header = _("일자리 관리")
admin.site.site_title = _("일자리 관리")
admin.site.index_title = _("일자리센터 관리 화면")
