from django.urls import path
from django.views.generic import RedirectView

from . import profile_views, views

app_name = "seekers"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="seekers:profile"), name="home"),
    path("profile/", profile_views.profile, name="profile"),
    path("signup/", views.signup, name="signup"),
    path("profile/basic/", profile_views.profile_basic, name="profile_basic"),
    path("experience/", profile_views.experience_add, name="experience_add"),
    path("experience/<int:pk>/delete/", profile_views.experience_delete, name="experience_delete"),
    path(
        "experience/<int:pk>/occupation/", profile_views.experience_occupation, name="experience_occupation"
    ),
    path("qualifications/", profile_views.qualification_add, name="qualification_add"),
    path("qualifications/<int:pk>/delete/", profile_views.qualification_delete, name="qualification_delete"),
    path("preferences/", profile_views.preferences, name="preferences"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("notifications/", views.notifications, name="notifications"),
    path("delete/", views.delete_account, name="delete_account"),
]
