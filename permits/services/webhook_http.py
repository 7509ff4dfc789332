"""The network side of webhooks: which addresses may be called, and one POST that cannot be steered elsewhere.

A webhook URL is chosen by an agency, so without care it could name the database port, the cloud metadata
service or any other host on the authority's internal network (server-side request forgery). The policy:

- `https` only; `http` only with `WEBHOOKS_ALLOW_HTTP` (development). No user name or password in the URL.
- Every address the host name resolves to must be public: loopback, private, link-local (169.254.169.254),
  shared (100.64/10), multicast, reserved and unspecified (0.0.0.0, ::) addresses are refused, IPv4 and
  IPv6 alike; IPv6 forms that carry an IPv4 address (::ffff:127.0.0.1, 6to4, NAT64) are judged by it.
- The check runs at registration and again before every delivery (the name may resolve elsewhere by then:
  DNS rebinding). The delivery then connects to exactly the address it has just checked, sending the
  original `Host` header and TLS server name, so the certificate is still verified against the host name
  and a second DNS answer is never asked for.
- Hosts listed in `WEBHOOK_ALLOWED_HOSTS` skip the address check (an internal receiver; the tests' local
  one on 127.0.0.1). The scheme rule still applies.
- No redirects are followed (a 3xx answer is a failed attempt), connecting and the whole exchange have
  time limits, and at most `WEBHOOK_MAX_RESPONSE_BYTES` of an answer are read.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class AddressRefused(Exception):
    """The URL may not be called. `message` is German (shown next to the field and in the admin view)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`address`) and what to tell the receiver (`host`, `path`)."""

    scheme: str
    host: str  # ASCII (IDNA) host name or IP literal, as sent in Host and SNI
    port: int
    path: str  # path and query
    address: str  # the checked IP address to connect to


def resolve(host: str, port: int) -> list[str]:
    """All addresses of a host name (the tests replace this to play DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (IPv4-mapped, 6to4, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return is_public(inner)
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_unspecified)


def _ascii_host(hostname: str) -> str:
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise AddressRefused("Der Rechnername ist ungültig.") from None


def check_url(url: str, *, allow_http: bool, allowed_hosts: frozenset[str]) -> Target:
    """Check scheme and resolved addresses; returns the target to connect to. Raises AddressRefused."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise AddressRefused("Die Adresse ist ungültig.") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise AddressRefused("Bitte eine https-Adresse angeben.")
    if parts.scheme == "http" and not allow_http:
        raise AddressRefused("Nur https-Adressen sind erlaubt.")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused("Zugangsdaten in der Adresse sind nicht erlaubt.")
    host = _ascii_host(parts.hostname)
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolve(host, port)]
    except (OSError, UnicodeError, ValueError):
        raise AddressRefused(f"Der Rechnername „{host}“ lässt sich nicht auflösen.") from None
    if not addresses:
        raise AddressRefused(f"Der Rechnername „{host}“ lässt sich nicht auflösen.")
    if host.lower() not in allowed_hosts:
        for address in addresses:
            if not is_public(address):
                raise AddressRefused(
                    f"Die Adresse {address} ist nicht öffentlich erreichbar (internes Netz); "
                    "Webhooks dürfen nur öffentliche Adressen aufrufen."
                )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, str(addresses[0]))


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, whatever the host name resolves to now."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        self.tls = ssl.create_default_context()  # verifies the certificate against the host name
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def _hang_up(connection: http.client.HTTPConnection) -> None:
    """Watchdog: a receiver that drips its answer byte by byte must not hold the worker past the limit."""
    sock: Any = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


@dataclass(frozen=True)
class Limits:
    connect_seconds: float
    total_seconds: float
    max_response_bytes: int


def post(target: Target, body: bytes, headers: dict[str, str], limits: Limits) -> int:
    """POST once to the checked address; returns the status code. Redirects are not followed.
    Raises OSError (network, timeout, TLS) or http.client.HTTPException (a malformed answer)."""
    factory = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = factory(target, timeout=limits.connect_seconds)
    watchdog = threading.Timer(limits.total_seconds, _hang_up, args=(connection,))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.connect()
        assert connection.sock is not None
        connection.sock.settimeout(limits.total_seconds)
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(limits.max_response_bytes)  # the answer is not used; read a little, then hang up
        return int(response.status)
    finally:
        watchdog.cancel()
        connection.close()
