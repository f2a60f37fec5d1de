"""Translation of the optimiser's messages without importing Django.

Messages are written in Korean (the source language) as ``gettext("… %(name)s …") % {...}`` so that
Django's ``makemessages`` extracts them like any other string of the project.  ``gettext`` calls the
translator installed with :func:`set_translator` — :mod:`iljari.fairs.actions`, the Django side,
installs Django's ``gettext`` — and returns the Korean text unchanged otherwise (benchmarks, the
package used on its own).  Module-level labels are marked with
:func:`gettext_noop` and translated where they are used.
"""

from __future__ import annotations

from collections.abc import Callable


def _identity(message: str) -> str:
    return message


_translator: Callable[[str], str] = _identity


def set_translator(translate: Callable[[str], str] | None) -> None:
    """Translate messages with ``translate`` from now on (``None``: leave them in Korean)."""
    global _translator
    _translator = translate or _identity


def gettext(message: str) -> str:
    """``message`` in the active language (through the installed translator)."""
    return str(_translator(message))


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it now (module-level labels)."""
    return message
