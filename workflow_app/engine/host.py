"""The functions a BPMN script or condition may call, as requests the step records.

A host function never reaches into the app: it notes what the step asked for and answers at
once, and the service acts on the requests after the step (a full cap then refuses the whole
step). Every step (start, completion, message, replay) gets its functions from this one
factory, so the BPMN sees the same names everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

RESERVE_QUOTA_SLOT = "reserve_quota_slot"
REQUEST_PUBLIC_POSTING = "request_public_posting"


@dataclass(frozen=True)
class HostRequest:
    """One call a step made to a host function: its name and arguments."""

    name: str
    args: tuple = ()


def host_functions(requests: list[HostRequest]) -> dict[str, Callable]:
    """The named functions offered to BPMN for one step; each call is appended to `requests`."""

    def reserve_quota_slot(level: str) -> bool:
        """Q1-Q3: ask for a slot of the cap at `level`; the service takes it after the step."""
        requests.append(HostRequest(RESERVE_QUOTA_SLOT, (str(level),)))
        return True

    def request_public_posting(switched_on: bool = False) -> bool:
        """P1: put the dossier forward for public posting before its council considers it;
        the service decides (law first, then the jurisdiction's switch) after the step."""
        requests.append(HostRequest(REQUEST_PUBLIC_POSTING, (bool(switched_on),)))
        return True

    return {
        RESERVE_QUOTA_SLOT: reserve_quota_slot,
        REQUEST_PUBLIC_POSTING: request_public_posting,
    }
