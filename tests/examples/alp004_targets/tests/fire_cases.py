"""ALP004 fires: every call form, each target missing where it is patched."""
import unittest.mock
from unittest import mock
from unittest.mock import patch as p

import pytest
from pytest_mock import MockerFixture

from app.services import flow_tracker
from app.services.flow_tracker import FlowTracker


@p("app.services.flow_tracker.AsyncSessionLocal")  # expect: ALP004:2
def test_late_import_decorator(session: object) -> None:
    pass


class TestClass:
    @mock.patch(  # expect: ALP004:6
        "app.services.flow_tracker.trak",
    )
    def test_multiline_decorator(self, tracked: object) -> None:
        pass

    def test_method_mocker(self, mocker) -> None:
        mocker.patch("app.services.flow_tracker.FlowTracker.recrod")  # expect: ALP004:9


def test_context_manager_and_start() -> None:
    with unittest.mock.patch("app.core.database.engine.dispose"):  # expect: ALP004:10
        pass
    mock.patch("app.servics.flow_tracker.track").start()  # expect: ALP004:5
    mock.patch.object(flow_tracker, "AsyncSessionLocal").start()  # expect: ALP004:5
    mock.patch.object(FlowTracker, "limt").start()  # expect: ALP004:5
    mock.patch.dict("app.core.database.SETTING", {"url": "x"}).start()  # expect: ALP004:5
    mock.patch.multiple("app.core.database", engine=None, Engin=None).start()  # expect: ALP004:5


def test_mocker_variants(mocker: MockerFixture, session_mocker) -> None:
    mocker.patch.object(flow_tracker, "trac")  # expect: ALP004:5
    mocker.patch.dict("app.core.database.SETTNGS", {})  # expect: ALP004:5
    mocker.patch.multiple("app.services.flow_tracker", AsyncSessionLocal=None)  # expect: ALP004:5
    session_mocker.patch("app.services.flow_tracker.missing")  # expect: ALP004:5


def test_monkeypatch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.services.flow_tracker.AsyncSessionLocal", None)  # expect: ALP004:5
    monkeypatch.delattr("app.services.flow_tracker.FlowTracker.lmit")  # expect: ALP004:5
    monkeypatch.setattr(flow_tracker, "trak", None)  # expect: ALP004:5
    with monkeypatch.context() as mp:
        mp.setattr("app.core.database.Engin", None)  # expect: ALP004:9


def test_fresh_monkeypatch() -> None:
    patcher = pytest.MonkeyPatch()
    patcher.setattr("app.core.database.AsyncSessionLoca", None)  # expect: ALP004:5


@pytest.fixture
def tracked(mocker):
    return mocker.patch("app.services.flow_tracker.FlowTracker.missing")  # expect: ALP004:12


def test_other_expected_error_does_not_excuse_the_patch() -> None:
    with pytest.raises(ValueError):
        mock.patch("app.services.flow_tracker.trak").start()  # expect: ALP004:9
    with pytest.raises(AttributeError):
        pass
    mock.patch("app.services.flow_tracker.trak").start()  # expect: ALP004:5
