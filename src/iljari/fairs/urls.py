from django.urls import path

from . import views

app_name = "fairs"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/manage/", views.event_manage, name="manage"),
    path("<int:pk>/move/", views.event_move, name="move"),
    path("<int:pk>/apply/", views.participation_apply, name="apply"),
    path("<int:pk>/companies/<int:part_pk>/review/", views.participation_review, name="review"),
    path("<int:pk>/companies/<int:part_pk>/booth/", views.booth_edit, name="booth_edit"),
    path("<int:pk>/companies/<int:part_pk>/schedule/", views.booth_schedule, name="booth_schedule"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/my-schedule/", views.my_schedule, name="my_schedule"),
    path("<int:pk>/schedule/<uuid:token>/", views.seeker_schedule, name="seeker_schedule"),
    path("<int:pk>/schedule/<uuid:token>/qr.png", views.qr_image, name="qr"),
    path("<int:pk>/optimise/", views.optimise, name="optimise"),
    path("<int:pk>/timetable/", views.timetable, name="timetable"),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/checkin/<uuid:token>/", views.checkin_token, name="checkin_token"),
    path("<int:pk>/queues/", views.queues, name="queues"),
    path("<int:pk>/interviews/<int:iv_pk>/mark/", views.mark_interview, name="mark"),
    path("<int:pk>/interviews/<int:iv_pk>/result/", views.record_result, name="result"),
    path("<int:pk>/walk-in/", views.walk_in, name="walk_in"),
    path("<int:pk>/outcomes/", views.outcomes, name="outcomes"),
    path("<int:pk>/report/", views.report, name="report"),
]
