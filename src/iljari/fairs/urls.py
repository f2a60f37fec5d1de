from django.urls import path

from .views import companies, fairday, organisers, public, seekers

app_name = "fairs"
urlpatterns = [
    path("", public.event_list, name="list"),
    path("new/", organisers.event_create, name="create"),
    path("<int:pk>/", public.event_detail, name="detail"),
    path("<int:pk>/manage/", organisers.event_manage, name="manage"),
    path("<int:pk>/move/", organisers.event_move, name="move"),
    path("<int:pk>/apply/", companies.participation_apply, name="apply"),
    path("<int:pk>/companies/<int:part_pk>/review/", organisers.participation_review, name="review"),
    path("<int:pk>/companies/<int:part_pk>/booth/", organisers.booth_edit, name="booth_edit"),
    path("<int:pk>/companies/<int:part_pk>/schedule/", companies.booth_schedule, name="booth_schedule"),
    path("<int:pk>/register/", seekers.register, name="register"),
    path("<int:pk>/my-schedule/", seekers.my_schedule, name="my_schedule"),
    path("<int:pk>/schedule/<uuid:token>/", seekers.seeker_schedule, name="seeker_schedule"),
    path("<int:pk>/schedule/<uuid:token>/qr.png", seekers.qr_image, name="qr"),
    path("<int:pk>/optimise/", organisers.optimise, name="optimise"),
    path("<int:pk>/timetable/", organisers.timetable, name="timetable"),
    path("<int:pk>/checkin/", fairday.checkin, name="checkin"),
    path("<int:pk>/checkin/<uuid:token>/", fairday.checkin_token, name="checkin_token"),
    path("<int:pk>/queues/", fairday.queues, name="queues"),
    path("<int:pk>/interviews/<int:iv_pk>/mark/", fairday.mark_interview, name="mark"),
    path("<int:pk>/interviews/<int:iv_pk>/result/", fairday.record_result, name="result"),
    path("<int:pk>/walk-in/", fairday.walk_in, name="walk_in"),
    path("<int:pk>/outcomes/", fairday.outcomes, name="outcomes"),
    path("<int:pk>/report/", fairday.report, name="report"),
]
