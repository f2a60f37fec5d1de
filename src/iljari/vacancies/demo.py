"""Demo world: build the vacancy search index right after the vacancies are bulk-created
(otherwise the first search of the demo does it). Listed in demo/registry.py:APP_SEEDERS
as "iljari.vacancies.demo" (requested from the lead)."""

from iljari.vacancies.search import refresh_search_index


def seed(ctx) -> None:
    count = refresh_search_index()
    ctx.say(f"    vacancies: search index built for {count:,} vacancies")
