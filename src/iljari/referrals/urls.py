from django.urls import include, path

from . import activity, employer_views, placements, views

# mounted at the site's root: the seeker's applications and answers to proposals sit in the
# seeker's area (/me/); the company's referrals (and its portal's home, with the referral
# counts) in the employer portal (/employers/)
app_name = "referrals"
urlpatterns = [
    path("employers/", employer_views.employer_dashboard, name="employer_dashboard"),
    path("employers/referrals/", employer_views.employer_referrals, name="employer_referrals"),
    path("employers/referrals/<int:pk>/answer/", employer_views.employer_answer, name="employer_answer"),
    path("me/applications/", activity.seeker_applications, name="seeker_applications"),
    path("me/referrals/<int:pk>/<str:answer>/", activity.referral_answer, name="answer"),
    path(
        "referrals/",
        include(
            [
                path("", views.referral_list, name="list"),
                path("activity/", activity.activity, name="activity"),
                path("new/", views.referral_create, name="create"),
                path("<int:pk>/", views.referral_detail, name="detail"),
                path("<int:pk>/move/", views.referral_move, name="move"),
                path("<int:pk>/interviews/", views.interview_create, name="interview_create"),
                path("<int:pk>/hire/", views.referral_hire, name="hire"),
                path("interviews/<int:pk>/outcome/", views.interview_outcome, name="interview_outcome"),
                path("interviews/<int:pk>/calendar.ics", views.interview_ics, name="interview_ics"),
                path("calendar.ics", views.my_calendar_ics, name="calendar"),
                path("placements/", placements.placement_list, name="placements"),
                path("placements/new/", placements.placement_create, name="placement_create"),
                path("placements/<int:pk>/", placements.placement_detail, name="placement"),
                path("follow-ups/", placements.follow_up_list, name="follow_ups"),
                path("follow-ups/<int:pk>/", placements.follow_up_record, name="follow_up_record"),
                path("retention/", placements.retention, name="retention"),
            ]
        ),
    ),
]
