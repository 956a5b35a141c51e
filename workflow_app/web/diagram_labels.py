"""The words a BPMN picture shows for its lanes: each lane's role key, by its role's name in
the page's language (the roles are data: services.roles), so nobody reads `so_noi_vu`."""

from __future__ import annotations

import json

from ..services.diagram import lane_keys, pinned_bpmn
from .formatting import lane_label


def lane_labels_for(keys) -> str:
    """{role key: name} as the page's JSON, for the script that draws the diagram."""
    return json.dumps({key: lane_label(key) for key in keys}, ensure_ascii=False)


def lane_labels_json(ctx, dossier_id: int) -> str:
    """The names of the lanes of the dossier's pinned diagram."""
    return lane_labels_for(lane_keys(pinned_bpmn(ctx, dossier_id)))
