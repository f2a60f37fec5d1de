from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/apply-rules/", views.apply_rules, name="apply_rules"),
    path("plans/<int:pk>/import/", views.import_results, name="import"),
    path("plans/<int:pk>/report/<str:kind>.<str:fmt>", views.download_report, name="report"),
    path("plans/<int:pk>/report/<str:kind>.<str:fmt>/background/", views.report_job, name="report_job"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/targets/", views.set_target, name="set_target"),
    path("projects/<int:pk>/rules/", views.add_rule, name="add_rule"),
    path("projects/<int:pk>/attribute/", views.attribute, name="attribute"),
    path("projects/<int:pk>/results/", views.record_result, name="record_result"),
    path("results/<int:pk>/decide/", views.decide_result, name="decide_result"),
    path("results/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/<int:pk>/", views.survey_results, name="survey"),
    path("surveys/<int:pk>/close/", views.close_survey, name="close_survey"),
    path("s/<str:token>/", views.survey_answer, name="survey_answer"),
]
