from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("inbox/", views.inbox, name="inbox"),
    path("log/", views.delivery_log, name="log"),
    path("log/<int:pk>/retry/", views.delivery_retry, name="retry"),
]
