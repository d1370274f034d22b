"""Behind proxies, the client is who the proxies say, and nobody can pass for someone else.

Every request reaches gunicorn from the proxy's own address; sign-in
throttling keyed on that address would let anyone lock the administrator out.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from core.client_ip import client_ip

PROXY = "10.0.0.2"
ADMINISTRATOR = "203.0.113.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "", PROXY),
        (0, "198.51.100.1", PROXY),  # no proxy trusted: the header is anyone's word
        (1, "", PROXY),  # a request that did not come through the proxy
        (1, ADMINISTRATOR, ADMINISTRATOR),
        (1, f"{ADMINISTRATOR}, 198.51.100.1", "198.51.100.1"),  # the leftmost was typed by hand
        (2, f"198.51.100.9, {ADMINISTRATOR}, 10.0.0.1", ADMINISTRATOR),  # TLS proxy + nginx
        (2, ADMINISTRATOR, ADMINISTRATOR),  # only the nearest proxy was passed through
        (1, "2001:db8::5", "2001:db8::5"),
        (1, "not-an-address", PROXY),
    ],
)
def test_the_client_address_is_what_the_trusted_proxies_appended(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **headers)
    assert client_ip(request) == expected


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser("admin", password="mat-khau-dung-1")


def sign_in(password, forwarded_for):
    return Client().post(
        reverse("wagtailadmin_login"),
        {"username": "admin", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_a_flood_from_elsewhere_cannot_lock_the_administrator_out(administrator, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5
    for number in range(20):
        # Half of them claim, in vain, to come from the administrator's address.
        claimed = f"{ADMINISTRATOR}, 198.51.100.{number}" if number % 2 else f"198.51.100.{number}"
        assert sign_in("sai", claimed).status_code in (200, 429)
    response = sign_in("mat-khau-dung-1", ADMINISTRATOR)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_one_address_that_keeps_guessing_is_still_locked_out(administrator, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(5):
        sign_in("sai", "198.51.100.66")
    assert sign_in("sai", "198.51.100.66").status_code == 429
    assert sign_in("mat-khau-dung-1", "198.51.100.66").status_code == 429


def test_without_the_proxy_count_everyone_shares_the_proxy_address(administrator, settings):
    """Why the setting exists: the flood above then locks the administrator out."""
    settings.TRUSTED_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 5
    for number in range(5):
        sign_in("sai", f"198.51.100.{number}")
    assert sign_in("mat-khau-dung-1", ADMINISTRATOR).status_code == 429
