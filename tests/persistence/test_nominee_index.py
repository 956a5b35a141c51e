"""E2 is decided by the database too: the partial unique index on (jurisdiction, citizen id)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from workflow_app.persistence.models import Nominee

ROW = {
    "kind": "individual",
    "name": "Trần Thị Lan",
    "unit_id": "hcm-thpt-le-quy-don",
    "jurisdiction_id": "hcm",
    "created_at": datetime(2025, 5, 5),
}


@pytest.mark.rule("E2")
def test_two_rows_of_one_citizen_id_in_a_jurisdiction_cannot_both_be_stored(connection):
    """E2: if two requests pass the service's check at once, does the database keep only one
    record of the person, while other jurisdictions and rows without an id are not limited?"""
    connection.execute(insert(Nominee), [{**ROW, "citizen_id": "079203001234"}])
    connection.execute(insert(Nominee), [{**ROW, "citizen_id": None}, {**ROW, "citizen_id": None}])
    elsewhere = {**ROW, "unit_id": "dong-nai-thpt-ngo-quyen", "jurisdiction_id": "dong-nai"}
    connection.execute(insert(Nominee), [{**elsewhere, "citizen_id": "079203001234"}])
    savepoint = connection.begin_nested()
    with pytest.raises(IntegrityError):
        connection.execute(
            insert(Nominee),
            [{**ROW, "unit_id": "hcm-phong-gddt-quan-1", "citizen_id": "079203001234"}],
        )
    savepoint.rollback()
