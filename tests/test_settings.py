"""Settings come from the environment: no secret in code, SQLite or PostgreSQL by URL."""

import datetime
import os
import subprocess
import sys

from django.conf import settings

from .factories import AnnouncementIndexPageFactory, AnnouncementPageFactory


def run_with(env, code):
    clean = {key: value for key, value in os.environ.items() if key not in env}
    clean.update({key: value for key, value in env.items() if value is not None})
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=clean,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


IMPORT_PRODUCTION = "import site_project.settings.production"


def test_readers_get_vietnamese_in_their_own_time_zone(reader, home):
    """A deadline of 17:30 UTC is 00:30 the next day in Hà Giang, and it reads in Vietnamese."""
    section = AnnouncementIndexPageFactory(parent=home)
    deadline = datetime.datetime(2027, 1, 28, 17, 30, tzinfo=datetime.UTC)
    notice = AnnouncementPageFactory(parent=section, title="Thông báo đổi mới", deadline=deadline)
    html = reader.get(notice.url).content.decode()
    assert '<html lang="vi"' in html
    assert '<time datetime="2027-01-29T00:30:00+07:00">00:30, Thứ Sáu, 29/01/2027</time>' in html
    assert "Hạn chót:" in html
    assert "Deadline" not in html
    # A Vietnamese title makes an ASCII slug.
    assert notice.slug == "thong-bao-doi-moi"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with({"SECRET_KEY": None, "ALLOWED_HOSTS": "tin.example.vn"}, IMPORT_PRODUCTION)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_with({"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": None}, IMPORT_PRODUCTION)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both():
    env = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "tin.example.vn"}
    result = run_with(env, IMPORT_PRODUCTION + "; print('ok')")
    assert result.returncode == 0, result.stderr


def test_database_comes_from_database_url():
    code = (
        "from site_project.settings import base; "
        "print(base.DATABASES['default']['ENGINE'], base.DATABASES['default']['NAME'])"
    )
    postgres = run_with({"DATABASE_URL": "postgres://tin:pw@127.0.0.1:5432/tintuc"}, code)
    assert postgres.stdout.split() == ["django.db.backends.postgresql", "tintuc"]
    sqlite = run_with({"DATABASE_URL": None}, code)
    engine, name = sqlite.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("db.sqlite3")


PRODUCTION = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "tin.example.vn"}


def in_django(module, code):
    """A script that sets Django up with the given settings module, then runs ``code``."""
    return (
        f"import os, django\nos.environ['DJANGO_SETTINGS_MODULE'] = '{module}'\ndjango.setup()\n"
        "from django.conf import settings\n" + code
    )


STORAGE = """
from django.core.files.storage import storages
storage = storages["default"]
print(type(storage).__name__, getattr(storage, "bucket_name", "-"),
      getattr(storage, "endpoint_url", "-"), storage.url("images/a.jpg"),
      settings.SERVE_MEDIA, getattr(settings, "WAGTAILDOCS_SERVE_METHOD", "default"))
"""


def test_media_moves_to_s3_compatible_storage_when_a_bucket_is_named():
    env = {
        **PRODUCTION,
        "MEDIA_S3_BUCKET": "tin-tuc-media",
        "MEDIA_S3_ENDPOINT_URL": "https://s3.example.vn",
        "MEDIA_S3_CUSTOM_DOMAIN": "media.example.vn",
        "AWS_ACCESS_KEY_ID": "khoa",
        "AWS_SECRET_ACCESS_KEY": "bi-mat",
    }
    result = run_with(env, in_django("site_project.settings.production", STORAGE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "tin-tuc-media",
        "https://s3.example.vn",
        "https://media.example.vn/images/a.jpg",
        "False",
        "serve_view",  # documents still go through /documents/ and its privacy check
    ]
    local = run_with(
        {**PRODUCTION, "MEDIA_S3_BUCKET": None},
        in_django("site_project.settings.production", STORAGE),
    )
    assert local.stdout.split() == [
        "FileSystemStorage", "-", "-", "/media/images/a.jpg", "True", "default"
    ]  # fmt: skip


SEARCH_BACKEND = """
from modelsearch.backends import get_search_backend
backend = get_search_backend()
print(type(backend).__module__)
for host in getattr(backend, "hosts", None) or []:
    print(host["host"], host["port"], backend.index_prefix)
"""


def test_search_moves_to_opensearch_when_its_url_is_set():
    code = in_django("site_project.settings.dev", SEARCH_BACKEND)
    result = run_with({"OPENSEARCH_URL": "https://search.internal:9200"}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "search.backends.opensearch",
        "search.internal 9200 newsroom_",
    ]
    assert run_with({"OPENSEARCH_URL": None}, code).stdout.splitlines() == [
        "search.backends.database"
    ]


def test_mail_goes_over_smtp_when_a_server_is_named():
    code = (
        "from site_project.settings import base as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)"
    )
    named = run_with(
        {"EMAIL_HOST": "smtp.example.vn", "EMAIL_PORT": "587", "DEFAULT_FROM_EMAIL": "tin@x.vn"},
        code,
    )
    assert named.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend", "smtp.example.vn", "587", "True", "tin@x.vn"
    ]  # fmt: skip
    unnamed = run_with({"EMAIL_HOST": None}, code)
    assert unnamed.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend"


def test_production_without_redis_shares_its_cache_between_processes(tmp_path):
    env = {
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "tin.example.vn",
        "REDIS_URL": None,
        "CACHE_DIR": str(tmp_path),
    }
    code = IMPORT_PRODUCTION + "; from site_project.settings import production as p; "
    code += "print(p.CACHES['default']['BACKEND'], p.CACHES['default']['LOCATION'])"
    result = run_with(env, code)
    assert result.stdout.split() == [
        "django.core.cache.backends.filebased.FileBasedCache",
        str(tmp_path),
    ]
