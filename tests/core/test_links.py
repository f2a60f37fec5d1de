"""Fixed links are reversed once per process, keyed by what ``reverse`` depends on."""

from django.urls import clear_script_prefix, reverse, set_script_prefix

from iljari.core.links import link


def test_a_link_is_what_reverse_gives_and_follows_the_script_prefix():
    assert link("vacancies:search") == reverse("vacancies:search") == "/jobs/"
    assert link("vacancies:detail", 42) == reverse("vacancies:detail", args=[42])
    set_script_prefix("/center/")
    try:
        assert link("vacancies:search") == "/center/jobs/"
    finally:
        clear_script_prefix()
    assert link("vacancies:search") == "/jobs/"
