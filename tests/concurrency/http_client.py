"""A real HTTP client with the test client's surface (`open`, `post`, `.status_code`, `.json`),
so `tests.factories.Api` drives a served app over TCP. Each thread keeps one HTTP/1.1
connection per server and reuses it, as a browser or a load balancer would; a server that
closes the connection after a response shows up in `reconnects`."""

from __future__ import annotations

import http.client
import json as jsonlib
import threading
import uuid
from dataclasses import dataclass, field


@dataclass
class Response:
    status_code: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def json(self):
        return jsonlib.loads(self.body) if self.body else None


def _multipart(data: dict) -> tuple[bytes, str]:
    """Encode form fields and (file, name, type) tuples as multipart/form-data."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in data.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
        if isinstance(value, tuple):
            stream, filename, content_type = value
            head += f'; filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            parts.append(head.encode() + stream.read() + b"\r\n")
        else:
            parts.append(f"{head}\r\n\r\n{value}\r\n".encode())
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class HttpClient:
    """One served instance (host:port), with per-thread keep-alive connections."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self._local = threading.local()
        self._lock = threading.Lock()
        self.statuses: list[int] = []
        self.requests = 0
        self.reconnects = 0

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = http.client.HTTPConnection(
                self.host, self.port, timeout=60
            )
        return connection

    def open(self, path, method="GET", headers=None, json=None, data=None, content_type=None):
        headers = dict(headers or {})
        body = None
        if json is not None:
            body, headers["Content-Type"] = jsonlib.dumps(json).encode(), "application/json"
        elif data is not None:
            body, headers["Content-Type"] = _multipart(data)
        connection = self._connection()
        if connection.sock is None and getattr(self._local, "used", False):
            with self._lock:
                self.reconnects += 1  # the server closed the previous connection
        connection.request(method, path, body=body, headers=headers)
        raw = connection.getresponse()
        response = Response(raw.status, raw.read(), {k.lower(): v for k, v in raw.getheaders()})
        self._local.used = True
        with self._lock:
            self.statuses.append(raw.status)
            self.requests += 1
        return response

    def get(self, path, **kwargs):
        return self.open(path, "GET", **kwargs)

    def post(self, path, **kwargs):
        return self.open(path, "POST", **kwargs)
