"""Encrypted, signed, consistent backups and a restore that cannot destroy.

**Backup** (``backup(out_dir)``) writes into a new folder (mode 0700, files 0600):

* the database from one consistent snapshot — SQLite's online backup API; on PostgreSQL a
  ``REPEATABLE READ`` transaction exports its snapshot and ``pg_dump --snapshot`` dumps exactly
  that, while the same transaction fingerprints every table — so a backup taken while the site
  writes matches its own manifest;
* uploaded files (``MEDIA_ROOT``) as a tar stream;
* each encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under ``ILJARI_BACKUP_KEY`` in 4 MiB
  authenticated chunks, with an end marker, so nothing readable lands on disk (the PostgreSQL
  dump is piped straight into the encryption);
* ``manifest.json``: engine, time, every table's row count and an order-independent SHA-256 of
  its rows, every file's size and SHA-256 — signed with an HMAC whose key derives from the
  backup key (outside the database).

**Restore** (``restore(from_dir)``) first verifies everything — the manifest's signature, every
file's size and hash, decryption to the end, SQLite's ``PRAGMA integrity_check`` or
``pg_restore --list`` — then builds a *new* database (a new SQLite file, or a new PostgreSQL
database) and compares every table with the manifest. Only then does it switch: SQLite copies the
verified file into the live one in one transaction (online backup API) after keeping a dated copy
of the live one; PostgreSQL renames the live database to ``<name>_before_<stamp>`` and the new one
to ``<name>``. Anything wrong before the switch leaves the live data untouched. ``dry_run`` does
all of the checking, including the scratch restore, and discards it.

Both take an optional ``progress(step, done, total)`` callback (for a background task).

The package: ``create`` (backup), ``restore`` (verify and restore), ``encrypted`` (the encrypted
files), ``keys`` (keys and the signed manifest), ``fingerprints`` (the tables' fingerprints),
``postgres`` (PostgreSQL's connection and tools) and ``common`` (names, error, progress).
"""
