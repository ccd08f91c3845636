"""The client's address, as the log-in throttle counts it (AXES_CLIENT_IP_CALLABLE).

Behind the TLS proxy (`BEHIND_TLS_PROXY`) every request comes from the proxy's address, so the
address is read from X-Forwarded-For instead. Each trusted proxy appends the address it received
the request from, so the client is the entry `TRUSTED_PROXY_COUNT` places from the right; what
stands further left was written by the client itself and is never believed (a client that sends
its own X-Forwarded-For cannot change the address it is counted under). A header with fewer
entries than trusted proxies, or an entry that is not an address, means the request did not come
through them: the connection's own address counts.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
