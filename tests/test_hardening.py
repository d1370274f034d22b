"""What keeps the site safe: login throttling, upload limits, CSP, health and failure pages."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .factories import DocumentFactory, ImageFactory, in_use, jpeg_bytes


@pytest.fixture
def admin_user_for_login(db):
    return get_user_model().objects.create_superuser("bientap", password="mat-khau-dung-1")


def login(client, password, username="bientap"):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


def test_repeated_failed_logins_lock_the_account_out(client, admin_user_for_login, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert login(client, "sai").status_code == 200
    locked = login(client, "sai")
    assert locked.status_code == 429
    assert "Đăng nhập tạm thời bị khóa" in locked.content.decode()
    # Even the right password waits for the cool-off.
    assert login(client, "mat-khau-dung-1").status_code == 429


def test_a_good_login_still_works_and_resets(client, admin_user_for_login, settings):
    settings.AXES_FAILURE_LIMIT = 3
    login(client, "sai")
    response = login(client, "mat-khau-dung-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def image_upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_bytes(width, height):
    buffer = io.BytesIO()
    PILImage.new("L", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def add_image(client, upload):
    return client.post(
        reverse("wagtailimages:add"), {"title": "Ảnh thử", "file": upload, "collection": 1}
    )


def form_errors(response):
    return " ".join(
        str(error) for errors in response.context["form"].errors.values() for error in errors
    )


def test_an_oversized_image_is_refused_with_a_message(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    response = add_image(admin_client, image_upload("lon.jpg", jpeg_bytes(800, 800) * 3))
    assert response.status_code == 200
    assert "Tệp này quá lớn" in form_errors(response)
    assert "tối đa 9,8\xa0KB" in form_errors(response)
    assert not get_image_model().objects.exists()


def test_an_image_with_too_many_pixels_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    response = add_image(admin_client, image_upload("rong.png", png_bytes(2000, 2000), "image/png"))
    assert response.status_code == 200
    assert "Số điểm ảnh tối đa 1000000" in form_errors(response)
    assert not get_image_model().objects.exists()


def test_svg_is_not_accepted_as_an_image(admin_client, settings):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = add_image(admin_client, image_upload("logo.svg", svg, "image/svg+xml"))
    assert response.status_code == 200
    assert "Định dạng ảnh không được hỗ trợ" in form_errors(response)
    assert not get_image_model().objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.svg"))


@pytest.mark.parametrize("name", ["virus.exe", "trang.html", "script.js", "anh.svg"])
def test_only_allowed_document_types_are_accepted(admin_client, name):
    upload = SimpleUploadedFile(name, b"noi dung", content_type="application/octet-stream")
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Tài liệu thử", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert f"Không nhận tệp đuôi “{name.rsplit('.', 1)[1]}”" in form_errors(response)
    assert not get_document_model().objects.exists()


def test_an_oversized_document_is_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    upload = SimpleUploadedFile("lon.pdf", b"%PDF-1.4" + b"0" * 5000, "application/pdf")
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Tài liệu lớn", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert "Tệp này quá lớn" in form_errors(response)
    assert not get_document_model().objects.exists()


def test_documents_download_as_attachments_with_their_type(client, news_section):
    document = DocumentFactory(title="Kế hoạch")
    in_use(document, parent=news_section)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_images_are_served_with_cache_headers_but_documents_only_through_their_view(
    client, news_section, settings
):
    image = ImageFactory()
    in_use(image, parent=news_section)
    rendition = image.get_rendition("fill-320x200")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert (
        client.get(rendition.url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code
        == 304
    )
    # The file of a document is on disk beside the images, and never served from there:
    # /documents/ checks the privacy of its collection first.
    document = DocumentFactory()
    assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404
    assert client.get(settings.MEDIA_URL + "images/../" + document.file.name).status_code == 404
    assert client.get(settings.MEDIA_URL + "images/khong-co.jpg").status_code == 404


def test_the_site_and_the_admin_send_a_content_security_policy(client, home, admin_client):
    site = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in site
    assert "unsafe-inline" not in site.split("script-src")[1].split(";")[0]
    assert "object-src 'none'" in site
    admin = admin_client.get(reverse("wagtailadmin_home"))["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local memory"}


def test_healthz_is_503_without_a_database(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("core.views.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_a_database_failure_is_a_vietnamese_503_not_a_traceback(client, home, monkeypatch):
    from home.models import HomePage

    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(HomePage, "serve", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Trang web tạm thời gián đoạn" in html
    assert "OperationalError" not in html


def test_the_site_serves_while_redis_is_away(client, home, settings):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.PAGE_CACHE_SECONDS = 300
    assert type(caches["default"]).__name__ == "ResilientRedisCache"
    assert client.get("/").status_code == 200
    assert client.get("/api/v2/pages/").status_code == 200
    health = client.get("/healthz").json()
    assert health["database"] == "ok"
    assert health["cache"] == "unavailable"


def deploy_checks(tmp_path, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "SECRET_KEY": "x" * 20 + "ZeQ7!pL2#vW9kR4" * 4,
        "ALLOWED_HOSTS": "tin.example.vn",
        "STATIC_ROOT": str(tmp_path),
        **extra,
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    return subprocess.run(  # noqa: S603 - Django's own checks
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = deploy_checks(
        tmp_path, EMAIL_HOST="smtp.example.vn", DEFAULT_FROM_EMAIL="tin@example.vn"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checks_say_when_emails_only_reach_the_log(tmp_path):
    result = deploy_checks(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "core.I001" in output
    assert "EMAIL_HOST" in output
