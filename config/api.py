"""The JSON API root. OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from metrohub.calls.api import router as calls_router
from metrohub.comms.api import router as comms_router
from metrohub.core.errors import DomainError, NotAllowed
from metrohub.events.api import router as events_router
from metrohub.fund.api import router as fund_router
from metrohub.futures.api import router as futures_router
from metrohub.network.api import router as network_router
from metrohub.programs.api import router as programs_router
from metrohub.projects.api import router as projects_router

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
