"""Codes of the administrators' and auditors' use cases: settings, users and grants, process
models and versions, form and decision-table editors, dry runs, audit pages."""

from __future__ import annotations

from .entry import N_, Message  # noqa: F401

MESSAGES: dict[str, Message] = {}
