"""P1 in the publish check: the law posts a Huân chương, so a chain that can take one cannot
go live without its public-posting step (the table switch may be edited, the step may move)."""

from __future__ import annotations

import pytest

from tests.services.test_model_rules import hcm_bundle_with, system_context
from workflow_app.services.process_models import import_bundle


def without_posting_step(xml: str) -> str:
    return xml.replace("request_public_posting(posting_required)", "posted = posting_required")


@pytest.mark.rule("P1")
def test_publish_refuses_a_chain_that_drops_the_posting_step(app, db, clock):
    """Is a HCMC version without the posting step kept as a draft, naming the Huân chương
    its routing table still takes, while v1 stays the published one?"""
    with db.unit_of_work() as session:
        version = import_bundle(
            system_context(app, session, clock), hcm_bundle_with(without_posting_step)
        )
        assert version.status == "draft"
        [problem] = [p for p in version.problems if p["code"] == "model_missing_public_posting"]
        assert problem["params"] == {"award_form": "huan-chuong-lao-dong"}
        published = [v for v in version.process_model.versions if v.status == "published"]
        assert [v.version for v in published] == [1]


@pytest.mark.rule("P1")
def test_the_bundled_chain_passes_the_posting_check(app, db, clock):
    """Does the bundled HCMC chain, with its step, raise no posting problem?"""
    with db.unit_of_work() as session:
        version = import_bundle(
            system_context(app, session, clock),
            hcm_bundle_with(
                lambda xml: xml.replace(
                    "Công khai danh sách đề nghị, lấy ý kiến", "Công khai danh sách"
                )
            ),
        )
        assert "model_missing_public_posting" not in [p["code"] for p in version.problems]
