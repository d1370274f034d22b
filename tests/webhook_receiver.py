"""A webhook receiver on 127.0.0.1 and the helpers of the webhook tests.

The fixtures ``receiver`` and ``webhook_settings`` are in conftest.py.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management import call_command

from webhooks.models import WebhookEndpoint


class Receiver:
    """An HTTP server on 127.0.0.1 that records what it receives and answers as told."""

    def __init__(self, port=0):
        self.requests = []
        self.answers = []  # (status, headers, body, delay) for the next requests, in order
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers.items()), "body": body}
                )
                status, headers, answer, delay = (
                    receiver.answers.pop(0) if receiver.answers else (200, {}, b"ok", 0)
                )
                time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, status, body=b"", headers=None, delay=0):
        self.answers.append((status, headers or {}, body, delay))

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def endpoint_for(url, **options):
    return WebhookEndpoint.objects.create(name="Cổng thông tin tỉnh", url=url, **options)


def send_once():
    call_command("send_webhooks", "--once", verbosity=0)


def verify(secret, headers, body):
    """Check a request as a receiver would, following Standard Webhooks."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    signatures = [item.split(",", 1)[1] for item in headers["webhook-signature"].split()]
    fresh = abs(time.time() - int(headers["webhook-timestamp"])) < 300
    return fresh and any(hmac.compare_digest(expected, given) for given in signatures)


def events(receiver):
    return [json.loads(request["body"]) for request in receiver.requests]
