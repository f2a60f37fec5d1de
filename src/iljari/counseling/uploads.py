"""Attachment checks: size limit and file type by content sniffing (not only the extension)."""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "hwp": "application/x-hwp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSION_ALIASES = {"jpeg": "jpg"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(head: bytes, fileobj) -> str | None:
    """The real type of a file from its first bytes (and, for ZIP, its member names)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(OLE_MAGIC):
        return "hwp"  # HWP 5.0 is an OLE compound file; its "FileHeader" stream is checked below
    if head.startswith(b"PK\x03\x04"):
        try:
            fileobj.seek(0)
            names = set(zipfile.ZipFile(fileobj).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check_upload(uploaded) -> tuple[str, str]:
    """Return (kind, content type) or raise a Korean ValidationError on ``file``."""
    limit = settings.MAX_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            {
                "file": _("파일이 너무 큽니다. %(mb)s MB 이하만 올릴 수 있습니다.")
                % {"mb": limit // (1024 * 1024) or 1}
            },
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError({"file": _("빈 파일은 올릴 수 없습니다.")}, code="empty")
    name = uploaded.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    ext = EXTENSION_ALIASES.get(ext, ext)
    uploaded.seek(0)
    head = uploaded.read(16)
    data = None
    if head.startswith(b"PK\x03\x04"):
        uploaded.seek(0)
        data = io.BytesIO(uploaded.read())
    kind = sniff(head, data)
    if kind == "hwp":
        uploaded.seek(0)
        if b"H\x00W\x00P\x00" not in uploaded.read(min(uploaded.size, 64 * 1024)) and ext != "hwp":
            kind = None
    uploaded.seek(0)
    if kind is None or ext not in ALLOWED:
        raise ValidationError(
            {"file": _("PDF, JPG, PNG, HWP, DOCX, XLSX 파일만 올릴 수 있습니다.")}, code="type"
        )
    if kind != ext:
        raise ValidationError(
            {
                "file": _("파일 내용이 확장자(.%(ext)s)와 다릅니다. 올바른 파일인지 확인해 주세요.")
                % {"ext": ext}
            },
            code="mismatch",
        )
    return kind, ALLOWED[kind]
