from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
]
