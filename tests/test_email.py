"""E-mails leave over SMTP when a server is configured: workflow notifications, password resets.

A small SMTP server on 127.0.0.1 receives them, as the organisation's mail
server would; nothing leaves the machine.
"""

import email
import email.policy
import socketserver
import threading

import pytest

from .admin_forms import draft_by_editor, submit


class SMTPSink(socketserver.ThreadingTCPServer):
    """Accepts every message and keeps it; speaks just enough SMTP for Django's smtplib client."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        self.messages = []
        super().__init__(("127.0.0.1", 0), SMTPHandler)


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ready")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith("MAIL FROM"):
                recipients = []
                self.reply("250 OK")
            elif command.startswith("RCPT TO"):
                recipients.append(line.decode().split(":", 1)[1].strip(" <>\r\n"))
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go on")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                message = email.message_from_bytes(data, policy=email.policy.default)
                self.server.messages.append((recipients, message))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def mail_server(settings):
    sink = SMTPSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.server_address[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = settings.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = "tin@example.vn"
    yield sink
    sink.shutdown()
    sink.server_close()


def test_a_submission_for_approval_mails_the_moderators(
    mail_server, editor_member, moderator_member, news_section, committed
):
    editor, editor_client = editor_member
    moderator, _ = moderator_member
    moderator.email = "thuky@example.vn"
    moderator.save()
    page = draft_by_editor(editor_client, news_section)
    with committed():
        submit(editor_client, page)

    assert mail_server.messages, "no e-mail reached the mail server"
    recipients, message = mail_server.messages[-1]
    assert recipients == ["thuky@example.vn"]
    assert message["From"] == "tin@example.vn"
    assert "Hội thảo chè Shan tuyết" in message["Subject"]


def test_a_password_reset_mails_a_link_to_the_user(mail_server, client, editor_member):
    editor, _ = editor_member
    editor.email = "bientapvien@example.vn"
    editor.save()
    response = client.post("/admin/password_reset/", {"email": "bientapvien@example.vn"})
    assert response.status_code == 302

    [(recipients, message)] = mail_server.messages
    assert recipients == ["bientapvien@example.vn"]
    assert "/admin/password_reset/confirm/" in message.get_body(("plain",)).get_content()


def test_without_a_mail_server_e_mails_are_written_to_the_log_not_lost_in_an_error(
    settings, capsys, client, editor_member
):
    editor, _ = editor_member
    editor.email = "bientapvien@example.vn"
    editor.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    response = client.post("/admin/password_reset/", {"email": "bientapvien@example.vn"})
    assert response.status_code == 302
    assert "To: bientapvien@example.vn" in capsys.readouterr().out
