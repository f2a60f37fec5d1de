import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile

from iljari.core.uploads import protected_file_response, validate_upload


def test_a_real_pdf_is_accepted():
    assert validate_upload(SimpleUploadedFile("이력서.pdf", b"%PDF-1.7 ...")) == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ....", "올릴 수 없는 파일 형식"),
        ("page.html", b"<script>", "올릴 수 없는 파일 형식"),
        ("fake.pdf", b"<html><script>alert(1)</script>", "확장자와 맞지 않습니다"),
        ("empty.png", b"", "빈 파일"),
    ],
)
def test_wrong_types_and_disguised_files_are_refused(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)


def test_files_over_the_limit_are_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 2000))
    assert "이하만 올릴 수 있습니다" in error.value.messages[0]


def test_stored_files_are_sent_only_when_allowed(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    name = default_storage.save("evidence/증빙.pdf", ContentFile(b"%PDF-1.4 test"))
    field = FieldFile(None, type("F", (), {"storage": default_storage, "name": "file"})(), name)
    with pytest.raises(PermissionDenied):
        protected_file_response(field, allowed=False)
    response = protected_file_response(field, allowed=True)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["Cache-Control"] == "no-store, private"
    assert "sandbox" in response["Content-Security-Policy"]
