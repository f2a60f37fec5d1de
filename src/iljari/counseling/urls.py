from django.urls import path

from . import views

app_name = "counseling"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("new/", views.case_open, name="open"),
    path("mine/", views.my_case, name="mine"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/move/", views.case_move, name="move"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/plan/", views.plan_add, name="plan_add"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/transfer/", views.case_transfer, name="transfer"),
    path("plan/<int:pk>/done/", views.plan_done, name="plan_done"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
