from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("queues/<str:key>/", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("employers/<int:pk>/", views.employer_review, name="employer"),
    path("vacancies/<int:pk>/", views.vacancy_review, name="vacancy"),
    path("seekers/<int:pk>/", views.seeker_detail, name="seeker"),
    path("seekers/<int:pk>/refer/", views.refer, name="refer"),
    path("referral-requests/<int:pk>/", views.referral_request_detail, name="referral_request"),
    path("search/", views.search, name="search"),
]
