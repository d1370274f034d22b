"""Signatures as the Standard Webhooks specification writes them (standardwebhooks.com).

Each request carries three headers: ``webhook-id`` (the delivery's id, the same
on every retry, for de-duplication), ``webhook-timestamp`` (seconds since the
epoch, when this attempt was sent) and ``webhook-signature``: ``v1,`` and the
base64 HMAC-SHA256 of ``"{id}.{timestamp}.{body}"`` keyed with the secret's
bytes (the base64 after the ``whsec_`` prefix). Receivers can check it by hand
(docs/webhooks.md) or with the specification's libraries.
"""

import base64
import binascii
import hashlib
import hmac
import secrets
import uuid

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 32
MIN_SECRET_BYTES = 24


def generate_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_key(secret: str) -> bytes:
    """The key bytes of a ``whsec_…`` secret; ValueError if it is not one."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("the secret must start with whsec_")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error as error:
        raise ValueError("the secret after whsec_ must be base64") from error
    if len(key) < MIN_SECRET_BYTES:
        raise ValueError(f"the secret must hold at least {MIN_SECRET_BYTES} bytes")
    return key


def signature(secret: str, delivery_id: uuid.UUID | str, timestamp: str | int, body: bytes) -> str:
    """The ``webhook-signature`` header of ``body`` (bytes)."""
    message = f"{delivery_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), message, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()
