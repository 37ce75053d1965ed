"""The JSON API root. OpenAPI at /api/v1/openapi.json, documentation at /api/v1/docs."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.network.api import router as network_router

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


@api.exception_handler(NotAllowed)
def not_allowed(request, exc: NotAllowed):
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message}, status=400)
