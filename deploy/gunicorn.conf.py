"""gunicorn settings for `make run` (the demo) and `make serve` (production).

Every value can be set from the environment, so the systemd units, `make` and a container
share this one file. Why each matters:

- gthread workers keep HTTP/1.1 connections alive between requests (the sync worker and
  werkzeug's development server close every connection, so each request behind a load
  balancer or a browser pays a new TCP handshake);
- workers from the CPU count: the app keeps no state in memory that matters for
  correctness, so processes scale out freely (the database decides every race);
- `keepalive` above the load balancer's idle timeout would let the balancer reuse a
  connection the worker is closing; keep it below (nginx: `keepalive_timeout`, default 75s);
- graceful restart: `kill -HUP` (systemd `reload`) starts new workers on the new code and
  lets the old ones finish their requests within `graceful_timeout`; `max_requests` recycles
  a worker now and then, with jitter so they never all restart at once.
"""

from __future__ import annotations

import multiprocessing
import os

_env = os.environ.get

wsgi_app = "workflow_app:create_app()"
bind = _env("WORKFLOW_BIND", "127.0.0.1:8000").split(",")
workers = int(_env("WORKFLOW_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(_env("WORKFLOW_THREADS", "4"))
keepalive = int(_env("WORKFLOW_KEEPALIVE", "5"))
timeout = int(_env("WORKFLOW_WORKER_TIMEOUT", "60"))
graceful_timeout = int(_env("WORKFLOW_GRACEFUL_TIMEOUT", "30"))
max_requests = int(_env("WORKFLOW_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Uploads and large pages are read whole; refuse absurd header sizes early.
limit_request_field_size = 16384

# Access log on stdout (journald keeps it), one line per request with its time in microseconds.
accesslog = _env("WORKFLOW_ACCESS_LOG", "-")
errorlog = "-"
loglevel = _env("WORKFLOW_LOG_LEVEL", "info")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'

# Behind a load balancer on another host, trust its X-Forwarded-* headers (comma list).
forwarded_allow_ips = _env("WORKFLOW_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
# Heartbeat files in memory, not on a disk that may stall (containers, slow volumes).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = _env("WORKFLOW_PROC_NAME", "workflow-app")
# Where the master writes its pid (systemd knows it; tests and scripts send HUP to it).
pidfile = _env("WORKFLOW_PID_FILE") or None
# gunicorn's control socket (`gunicornc`, recent versions) only where a path is given, so two
# instances on one machine never fight over the default one.
control_socket_disable = not _env("WORKFLOW_CONTROL_SOCKET")
if _env("WORKFLOW_CONTROL_SOCKET"):
    control_socket = _env("WORKFLOW_CONTROL_SOCKET")
