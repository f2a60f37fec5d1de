from django.urls import path

from .views import queues, reviews, seekers

app_name = "console"
urlpatterns = [
    path("", queues.home, name="home"),
    path("queues/<str:key>/", queues.queue, name="queue"),
    path("bulk/", queues.bulk, name="bulk"),
    path("employers/<int:pk>/", reviews.employer_review, name="employer"),
    path("vacancies/<int:pk>/", reviews.vacancy_review, name="vacancy"),
    path("seekers/<int:pk>/", seekers.seeker_detail, name="seeker"),
    path("seekers/<int:pk>/refer/", seekers.refer, name="refer"),
    path("referral-requests/<int:pk>/", seekers.referral_request_detail, name="referral_request"),
    path("search/", seekers.search, name="search"),
]
