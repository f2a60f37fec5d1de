from django.urls import path

from . import vacancy_views, views

app_name = "employers"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("company/<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("company/<int:pk>/members/", views.members, name="members"),
    path("company/<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "company/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("vacancies/new/", vacancy_views.vacancy_create, name="vacancy_create"),
    path("vacancies/live-preview/", vacancy_views.vacancy_live_preview, name="vacancy_live_preview"),
    path("vacancies/<int:pk>/", vacancy_views.vacancy_detail, name="vacancy"),
    path("vacancies/<int:pk>/edit/", vacancy_views.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<int:pk>/preview/", vacancy_views.vacancy_preview, name="vacancy_preview"),
    path("vacancies/<int:pk>/submit/", vacancy_views.vacancy_submit, name="vacancy_submit"),
    path("vacancies/<int:pk>/close/", vacancy_views.vacancy_close, name="vacancy_close"),
    path("vacancies/<int:pk>/referral-request/", vacancy_views.referral_request, name="referral_request"),
    path("applications/<int:pk>/move/", vacancy_views.application_move, name="application_move"),
]
