from django.urls import path

from . import views
from .views import consulting, services

app_name = "support"
urlpatterns = [
    path("", views.home, name="home"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/new/", views.suggestion_create, name="suggestion_create"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion"),
    path("consulting/", consulting.consulting_list, name="consulting_list"),
    path("consulting/new/", consulting.consulting_submit, name="consulting_submit"),
    path("consulting/<int:pk>/", consulting.consulting_detail, name="consulting"),
    path("consulting/confirm/<str:token>/", consulting.consulting_confirm, name="consulting_confirm"),
    path("experts/", views.expert_list, name="experts"),
    path("services/", services.service_catalogue, name="services"),
    path("services/<slug:slug>/", services.service_detail, name="service"),
    path("applications/", services.application_list, name="applications"),
    path("applications/<int:pk>/", services.application_detail, name="application"),
    path("applications/<int:pk>/withdraw/", services.application_withdraw, name="application_withdraw"),
]
