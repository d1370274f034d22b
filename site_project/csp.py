"""The Content-Security-Policy, with one allowance for the Wagtail admin.

Readers' pages run only scripts from the site itself. Wagtail 8's page editor
still runs inline scripts, so under /admin/ those are allowed too; nothing
else is relaxed.
"""

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts
