"""What every page may name: the network this deployment serves (METROHUB_NETWORK_NAME)."""

from django.conf import settings


def network(request=None) -> dict:
    """`network_name` for pages (a context processor) and for mail and files rendered without a
    request (`render_to_string(template, {**context, **network()})`)."""
    return {"network_name": settings.METROHUB_NETWORK_NAME}
