from django.urls import path

from . import employer_candidates, views

# mounted at the site's root: the seeker's recommendations sit in the seeker's area (/me/), a
# vacancy's recommended candidates in the employer portal (/employers/)
app_name = "matching"
urlpatterns = [
    path("matching/run/", views.run_now, name="run"),
    path("me/recommendations/", views.seeker_recommendations, name="seeker_recommendations"),
    path(
        "employers/vacancies/<int:pk>/candidates/",
        employer_candidates.vacancy_candidates,
        name="vacancy_candidates",
    ),
]
