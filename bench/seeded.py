"""A migrated, seeded app with the bundled models: what every benchmark starts from."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Flask

from workflow_app import create_app
from workflow_app.config import PROJECT_ROOT
from workflow_app.persistence import migrate

PASSWORD = "bench"


def seeded_app(url: str, upload_dir: Path | str, clock: datetime, **config) -> Flask:
    """Migrate `url`, load the demo and the bundled models; the clock is fixed at `clock`."""
    migrate.upgrade(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "DEMO_PASSWORD": PASSWORD,
            "SECRET_KEY": PASSWORD,
            "UPLOAD_DIR": str(upload_dir),
            "CLOCK": lambda: clock,
            **config,
        }
    )
    runner = app.test_cli_runner()
    for args in (["seed-demo"], ["models", "import", str(PROJECT_ROOT)]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return app
