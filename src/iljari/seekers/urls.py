from django.urls import path  # noqa: F401

app_name = "seekers"
urlpatterns: list = []
