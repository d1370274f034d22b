"""Settings come from the environment: no secret in code, SQLite or PostgreSQL by URL."""

import os
import subprocess
import sys

from django.conf import settings


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


def test_vietnamese_first():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False


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
