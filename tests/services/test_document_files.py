"""Do uploaded files and document rows always agree, whatever fails, and can an operator
reconcile them after a crash (`flask documents sweep`)?"""

from __future__ import annotations

import errno
import os

import pytest

from workflow_app.services import documents


def test_a_kept_upload_is_under_its_own_name_with_no_partial_left(api, stored_files):
    """Does a successful upload leave exactly one file, named as its row says?"""
    dossier = api.gen_dossier(documents=())
    response = api.attach(dossier["id"], "to-trinh")
    assert response.status_code == 201
    files = stored_files()
    assert len(files) == 1 and not files[0].endswith(documents.PARTIAL_SUFFIX)


def test_a_failure_after_the_write_leaves_no_file_behind(api, stored_files, monkeypatch):
    """If the database step fails after the bytes were written, is the file gone too?"""
    dossier = api.gen_dossier(documents=())

    def failing_history(*args, **kwargs):
        raise RuntimeError("the database went away after the write")

    monkeypatch.setattr(documents, "record_event", failing_history)
    with pytest.raises(RuntimeError):
        api.attach(dossier["id"], "to-trinh")
    assert stored_files() == []
    assert api.dossier(dossier["id"])  # and the dossier is as it was


def test_a_full_disk_is_a_507_that_keeps_nothing(api, stored_files, monkeypatch):
    """When the upload disk is full, does the unit get a clear 507 and no half-written file?"""
    dossier = api.gen_dossier(documents=())

    def disk_full(_descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(documents.os, "fsync", disk_full)
    response = api.attach(dossier["id"], "to-trinh")
    assert response.status_code == 507
    assert response.json["error"]["code"] == "storage_full"
    assert stored_files() == []


def test_sweep_reports_both_directions_and_recovers_a_committed_partial(
    api, runner, upload_dir, stored_files
):
    """After a crash, does `documents sweep` name missing files and orphans, finish an upload
    committed just before the crash, and delete orphans only when asked?"""
    dossier = api.gen_dossier(documents=("to-trinh", "bien-ban"))
    first, second = (upload_dir / name for name in stored_files())
    first.rename(first.with_name(first.name + documents.PARTIAL_SUFFIX))  # crash before rename
    second.unlink()  # a file lost from the volume
    (upload_dir / "stray-file").write_bytes(b"nobody's")
    result = runner.invoke(args=["documents", "sweep"])
    assert result.exit_code == 1
    assert f"recovered: {first.name}" in result.output
    assert f"({second.name})" in result.output and "missing file: document" in result.output
    assert "orphan file: stray-file (kept" in result.output
    assert first.exists()
    second.write_bytes(b"%PDF-1.4 restored from backup")
    result = runner.invoke(args=["documents", "sweep", "--remove-orphans"])
    assert result.exit_code == 0, result.output
    assert "orphan file: stray-file (removed)" in result.output
    assert not (upload_dir / "stray-file").exists()
    assert api.dossier(dossier["id"])
