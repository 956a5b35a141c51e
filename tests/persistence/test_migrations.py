"""The migrations and the SQLAlchemy models describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from workflow_app.persistence.models import Base


def test_migrated_schema_matches_the_models(engine):
    """Would `alembic revision --autogenerate` find nothing to add, i.e. did every model
    change come with its migration? (A missing column would fail only in production.)"""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
