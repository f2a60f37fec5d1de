from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("visit/", views.visit, name="visit"),
    path("policy/privacy/", views.privacy_policy, name="privacy"),
    path("policy/terms/", views.terms, name="terms"),
    path("favicon.ico", views.favicon, name="favicon"),
]
