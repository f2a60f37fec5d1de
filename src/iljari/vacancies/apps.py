from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "iljari.vacancies"
    label = "vacancies"
