"""Encrypted files: Fernet in 4 MiB authenticated chunks with an end marker, written and read as
streams, so nothing readable lands on disk."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

from cryptography.fernet import InvalidToken

from .common import BackupError
from .keys import backup_fernet

MAGIC = b"ILJARI-BACKUP-1\n"
CHUNK = 4 * 1024 * 1024
_LEN = struct.Struct(">I")


def private_file(path: Path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


class EncryptingWriter(io.RawIOBase):
    """A write-only file: plaintext in, Fernet-token chunks out, an end marker on close."""

    def __init__(self, path: Path):
        self._out = private_file(path)
        self._fernet = backup_fernet()
        self._buffer = bytearray()
        self.plain_bytes = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        self.plain_bytes += len(data)
        while len(self._buffer) >= CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]))
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes) -> None:
        if self._out.tell() == 0:
            self._out.write(MAGIC)
        token = self._fernet.encrypt(plain)
        self._out.write(_LEN.pack(len(token)) + token)

    def close(self) -> None:
        if not self.closed:
            if self._buffer or self._out.tell() == 0:
                self._emit(bytes(self._buffer))
            self._out.write(_LEN.pack(0))
            self._out.close()
        super().close()


def _decrypted_chunks(path: Path) -> Iterator[bytes]:
    box = backup_fernet()
    with open(path, "rb") as src:
        if src.read(len(MAGIC)) != MAGIC:
            raise BackupError(f"{path.name}: not an iljari backup file")
        while True:
            head = src.read(_LEN.size)
            if len(head) < _LEN.size:
                raise BackupError(f"{path.name}: truncated (no end marker)")
            (size,) = _LEN.unpack(head)
            if size == 0:
                if src.read(1):
                    raise BackupError(f"{path.name}: data after the end marker")
                return
            token = src.read(size)
            if len(token) < size:
                raise BackupError(f"{path.name}: truncated")
            try:
                yield box.decrypt(token)
            except InvalidToken as exc:
                raise BackupError(f"{path.name}: cannot be decrypted (corrupted, or another key)") from exc


class DecryptingReader(io.RawIOBase):
    def __init__(self, path: Path):
        self._chunks = _decrypted_chunks(path)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def decrypt_to(path: Path, target: Path) -> None:
    with private_file(target) as out:
        for chunk in _decrypted_chunks(path):
            out.write(chunk)


def encrypt_file(source: Path, target: Path) -> None:
    writer = EncryptingWriter(target)
    with open(source, "rb") as src:
        shutil.copyfileobj(src, writer, CHUNK)
    writer.close()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
