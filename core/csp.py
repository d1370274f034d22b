"""The Content-Security-Policy, with one allowance for the Wagtail admin.

Readers' pages run only scripts from the site itself. Wagtail 8's page editor
still runs inline scripts, so under /admin/ those are allowed too; nothing
else is relaxed.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(settings.ADMIN_URL_PREFIX):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts
