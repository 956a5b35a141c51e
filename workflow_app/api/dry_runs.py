"""(being written)"""

from . import bp  # noqa: F401

# (method, path, summary, request schema, success status, response schema, error statuses);
# openapi.py adds these to the OpenAPI document. QUERY_SCHEMAS: (method, path): schema.
OPERATIONS: list = []
QUERY_SCHEMAS: dict = {}
