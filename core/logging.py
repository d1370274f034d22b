"""Log records as an operator wants to read them during an outage."""

import logging

from django.db import InterfaceError, OperationalError


class DatabaseOutageFilter(logging.Filter):
    """One line instead of a traceback for a request that failed because the database is away.

    Such a request is answered with the 503 page (core.views); while
    the database is down every request fails the same way, and a traceback of
    a hundred lines each would bury everything else in the log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, (OperationalError, InterfaceError)):
            reason = str(error).strip().splitlines()
            message = record.getMessage()
            record.msg = "%s (database unavailable: %s)"
            record.args = (message, reason[0] if reason else type(error).__name__)
            record.exc_info = record.exc_text = None
        return True
