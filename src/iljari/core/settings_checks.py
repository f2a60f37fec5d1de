"""Checks of the settings that ``iljari/settings.py`` runs with ``ILJARI_PRODUCTION=1``.

Plain functions of the values (no Django import), so the settings module can call them while it
loads and tests can call them directly.
"""


def production_email_problems(
    backend: str, host: str, from_email: str, site_url: str, *, tls: bool = False, ssl: bool = False
) -> list[str]:
    """What stops the e-mail settings from being used in production (empty: nothing).

    A backend that only writes messages somewhere (console, file, memory, nothing) would put
    names, addresses and message bodies in the journal instead of sending them."""
    problems = []
    parts = backend.split(".")
    kind = parts[-2] if len(parts) >= 2 else backend
    if kind in ("console", "filebased", "locmem", "dummy"):
        problems.append(
            f"EMAIL_BACKEND={backend} does not send mail (it writes names and message bodies to "
            "the log or files); use django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST."
        )
    elif kind == "smtp" and not host.strip():
        problems.append("EMAIL_HOST is missing (the SMTP server that sends the center's mail).")
    if tls and ssl:
        problems.append("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
    if not from_email.strip() or from_email.strip().endswith("@localhost"):
        problems.append("DEFAULT_FROM_EMAIL is missing (the center's sender address, not ...@localhost).")
    if not site_url.startswith("https://"):
        problems.append(
            "ILJARI_SITE_URL is missing (https://… — links in e-mails, e.g. to confirm a request)."
        )
    return problems
