"""Who is asking: the client's address, read through the proxies the deployment declares.

Behind nginx every request comes from nginx's address; the client's own is the last entry nginx
appended to `X-Forwarded-For`. Entries further left are whatever the client sent and cannot be
trusted. `METROHUB_TRUSTED_PROXIES` says how many proxies stand in front of the web process (0 when
it faces clients directly, 1 behind the documented nginx): the client is the address that many
hops back from the socket's peer. Rate limits, lockouts and logs all ask here.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "METROHUB_TRUSTED_PROXIES", 0)
    if hops <= 0:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in forwarded if part] + [peer]
    candidate = chain[max(len(chain) - 1 - hops, 0)]
    return candidate if _valid(candidate) else peer
