from django.urls import path

from . import views

# mounted at the site's root: the seeker's recommendations sit in the seeker's area (/me/)
app_name = "matching"
urlpatterns = [
    path("matching/run/", views.run_now, name="run"),
    path("me/recommendations/", views.seeker_recommendations, name="seeker_recommendations"),
]
