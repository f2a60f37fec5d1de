from django.urls import path

from . import saved, views

app_name = "vacancies"
urlpatterns = [
    path("", views.search, name="search"),
    path("dongs/", views.dongs, name="dongs"),
    path("lists/<slug:kind>/", views.filter_list, name="filter_list"),
    path("pickers/options/", views.picker_options, name="picker_options"),
    path("pickers/matches/", views.picker_matches, name="picker_matches"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("import/", views.import_page, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/save/", saved.toggle, name="save"),
    path("<int:pk>/print/", views.detail_print, name="print"),
    path("saved/", saved.saved_list, name="saved"),
    path("company/<int:pk>/", views.employer_page, name="employer"),
]
