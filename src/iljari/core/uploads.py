"""Uploads: limited by size and type (extension and magic bytes agree), stored outside the web
root (MEDIA_ROOT, not served by the proxy), sent only through a view that checks permission."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# leading bytes of each allowed type (docx/xlsx are zip containers; hwp is OLE)
_MAGIC = {
    "application/pdf": [b"%PDF-"],
    "image/jpeg": [b"\xff\xd8\xff"],
    "image/png": [b"\x89PNG\r\n\x1a\n"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [b"PK\x03\x04"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [b"PK\x03\x04"],
    "application/x-hwp": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"HWP Document File"],
}


def validate_upload(upload) -> str:
    """Return the content type of an acceptable upload, or raise a Korean ValidationError."""
    if upload is None:
        raise ValidationError(_("파일을 선택해 주세요."), code="required")
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("파일은 %(mb)dMB 이하만 올릴 수 있습니다.")
            % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("빈 파일은 올릴 수 없습니다."), code="empty")
    suffix = Path(upload.name or "").suffix.lower()
    content_type = next((t for t, exts in settings.ALLOWED_UPLOAD_TYPES.items() if suffix in exts), None)
    allowed = ", ".join(sorted({e for exts in settings.ALLOWED_UPLOAD_TYPES.values() for e in exts}))
    if content_type is None:
        raise ValidationError(
            _("올릴 수 없는 파일 형식입니다. 가능한 형식: %(types)s") % {"types": allowed}, code="type"
        )
    head = upload.read(32)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in _MAGIC.get(content_type, [b""])):
        raise ValidationError(_("파일 내용이 확장자와 맞지 않습니다."), code="mismatch")
    return content_type


def protected_file_response(file_field, *, allowed: bool, download_name: str = "") -> FileResponse:
    """Send a stored file only when ``allowed`` (the caller's permission check)."""
    if not allowed:
        raise PermissionDenied(_("이 파일을 볼 권한이 없습니다."))
    if not file_field:
        raise Http404
    try:
        handle = file_field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = download_name or Path(file_field.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
