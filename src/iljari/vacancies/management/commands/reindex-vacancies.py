"""iljari reindex-vacancies — rebuild the vacancy search index from scratch."""

from django.core.management.base import BaseCommand

from iljari.vacancies.search import rebuild_search_index


class Command(BaseCommand):
    help = "Rebuild the vacancy search tokens (normally maintained automatically)."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild_search_index()} vacancies indexed")
