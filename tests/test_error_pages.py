"""Errors answer in Vietnamese, in the site's layout, and never leak a traceback."""

from django.test import RequestFactory

from core.views import server_error


def test_404_in_vietnamese_in_the_layout(client, home):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert 'class="site-header"' in html
    assert 'name="robots" content="noindex"' in html


def test_500_in_vietnamese_without_the_database():
    # No `db` fixture: pytest-django makes any database access fail this test.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Xin lỗi, đã có lỗi xảy ra" in html
    assert '<html lang="vi">' in html
    assert "Traceback" not in html


def test_an_exception_in_a_view_gives_the_500_page(client, home, monkeypatch):
    from home.models import HomePage

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(HomePage, "serve", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Xin lỗi, đã có lỗi xảy ra" in response.content.decode()


def test_the_proxy_s_too_large_page_is_vietnamese(client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
    response = client.get("/errors/413/")
    assert response.status_code == 413
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "tối đa 20 MB" in html
    assert "Traceback" not in html


def test_a_database_outage_is_logged_in_one_line_per_request(client, home, monkeypatch, caplog):
    import logging

    from django.db import OperationalError

    from core.logging import DatabaseOutageFilter
    from home.models import HomePage

    def broken(*args, **kwargs):
        raise OperationalError('connection to server at "db" failed: Connection refused\nUp?')

    monkeypatch.setattr(HomePage, "serve", broken)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        assert client.get("/").status_code == 503
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert DatabaseOutageFilter().filter(record)
    handler = logging.StreamHandler()
    line = handler.format(record)
    assert "\n" not in line
    assert line.startswith("Service Unavailable: / (database unavailable: ")
    assert 'connection to server at "db" failed: Connection refused' in line
