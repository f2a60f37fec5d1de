from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("run/", views.run_now, name="run"),
]
