from django.urls import path

from .views import dashboard, plans, projects, surveys

app_name = "programs"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/apply-rules/", plans.apply_rules, name="apply_rules"),
    path("plans/<int:pk>/import/", plans.import_results, name="import"),
    path("plans/<int:pk>/report/<str:kind>.<str:fmt>", plans.download_report, name="report"),
    path("plans/<int:pk>/report/<str:kind>.<str:fmt>/background/", plans.report_job, name="report_job"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/targets/", projects.set_target, name="set_target"),
    path("projects/<int:pk>/rules/", projects.add_rule, name="add_rule"),
    path("projects/<int:pk>/attribute/", projects.attribute, name="attribute"),
    path("projects/<int:pk>/results/", projects.record_result, name="record_result"),
    path("results/<int:pk>/decide/", projects.decide_result, name="decide_result"),
    path("results/<int:pk>/evidence/", projects.evidence, name="evidence"),
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/<int:pk>/", surveys.survey_results, name="survey"),
    path("surveys/<int:pk>/close/", surveys.close_survey, name="close_survey"),
    path("s/<str:token>/", surveys.survey_answer, name="survey_answer"),
]
