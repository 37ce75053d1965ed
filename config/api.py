"""The JSON API root. OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs."""

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.openapi.docs import Swagger
from ninja.throttling import AnonRateThrottle

from metrohub.calls.api import router as calls_router
from metrohub.comms.api import router as comms_router
from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.net import client_ip
from metrohub.events.api import router as events_router
from metrohub.fund.api import router as fund_router
from metrohub.futures.api import router as futures_router
from metrohub.network.api import router as network_router
from metrohub.programs.api import router as programs_router
from metrohub.projects.api import router as projects_router


class AnonymousClientThrottle(AnonRateThrottle):
    """Anonymous callers, per client address (read through the proxies the deployment declares, as
    every limit is); a logged-in session is not limited. The rate is `METROHUB_API_ANON_RATE`, read
    at each request so a deployment (or a test) can change it; empty means no limit."""

    def __init__(self):
        super().__init__(rate="1/s")  # replaced per request by the setting

    def allow_request(self, request) -> bool:
        rate = getattr(settings, "METROHUB_API_ANON_RATE", "")
        if not rate or (getattr(request, "user", None) is not None and request.user.is_authenticated):
            return True
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def get_ident(self, request) -> str:
        return client_ip(request)


class ApiDocs(Swagger):
    """Swagger UI from the vendored files, in a page that says its language and title and whose
    colours pass WCAG AA (metrohub/static/metrohub/api-docs.css; tests/e2e/test_accessibility.py)."""

    template = "core/api_docs.html"
    # Deep links put a link inside each operation's button (a control within a control, and a
    # target 19 px tall): without them, the button alone opens the operation.
    default_settings = {**Swagger.default_settings, "deepLinking": False}


api = NinjaAPI(
    title="metrohub API",
    version="1",
    description=str(
        _(
            "The open API of metrohub. Anonymous callers see public fields only; "
            "a logged-in session sees what its role allows."
        )
    ),
    urls_namespace="api",
    throttle=[AnonymousClientThrottle()],
    docs=ApiDocs(),
)
api.add_router("/organisations", network_router, tags=["registry"])
api.add_router("/calls", calls_router, tags=["calls"])
api.add_router("/programs", programs_router, tags=["programs"])
api.add_router("/fund", fund_router, tags=["fund"])
api.add_router("/projects", projects_router, tags=["projects"])
api.add_router("/events", events_router, tags=["events"])
api.add_router("/comms", comms_router, tags=["communications"])
api.add_router("/futures", futures_router, tags=["metro futures"])


@api.exception_handler(NotAllowed)
def not_allowed(request, exc: NotAllowed):
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message}, status=400)


@api.exception_handler(Throttled)
def throttled(request, exc: Throttled):
    seconds = max(int(exc.wait or 60), 1)
    message = gettext("Too many requests from your address: try again in %(seconds)d seconds.")
    response = api.create_response(request, {"detail": message % {"seconds": seconds}}, status=429)
    response["Retry-After"] = str(seconds)
    return response
