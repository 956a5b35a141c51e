"""The bundled yearly-report models (issue 14) are models like the award chains: the
modeler can draw them, an administrator's new version is checked as a report (none of the
award chain's laws), and an award chain is still held to them."""

from __future__ import annotations

from sqlalchemy import select

from workflow_app.config import PROJECT_ROOT
from workflow_app.domain.reorganisation import MERGED
from workflow_app.persistence.models import Jurisdiction, ProcessModel
from workflow_app.runtime import service_context
from workflow_app.services.process_models import add_version, is_report_model
from workflow_app.services.reports.bundles import read_report_bundles


def test_every_bundled_report_model_has_a_diagram():
    """Does each report BPMN carry diagram interchange, so the modeler can draw it?"""
    bundles = read_report_bundles(PROJECT_ROOT)
    assert len(bundles) == 5
    for bundle in bundles:
        bpmn = bundle.files["yearly_report.bpmn"]
        assert "<bpmndi:BPMNDiagram" in bpmn and 'bpmnElement="report_check"' in bpmn


def test_a_new_report_version_is_checked_as_a_report(app, db):
    """Is a new version of each report model free of problems (a return goes down the chain;
    no hold handling or quota reservation is asked of it), while HCMC's award chain is still
    a chain?"""
    with app.app_context(), db.unit_of_work() as session:
        ctx = service_context(session, None, app)
        for bundle in read_report_bundles(PROJECT_ROOT):
            if session.get(Jurisdiction, bundle.jurisdiction_id).status == MERGED:
                continue
            model = session.scalar(select(ProcessModel).where(ProcessModel.key == bundle.key))
            assert is_report_model(session, model.key)
            version = add_version(ctx, model, bundle.process_id, bundle.files)
            assert version.problems == [], (bundle.key, version.problems)
        assert not is_report_model(session, "hcm-award-chain")
        session.rollback()
