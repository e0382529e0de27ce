"""ALP004 stays silent: targets that exist, escapes the SPEC lists, and objects that are no patchers."""
import os
from typing import Any
from unittest import mock
from unittest.mock import patch

import pytest

from app.core import database
from app.services.flow_tracker import FlowTracker

TARGET = "app.services.flow_tracker.trak"


@patch("app.core.database.AsyncSessionLocal")
@patch("app.services.flow_tracker.track")
@patch("app.services.flow_tracker.FlowTracker.record")
def test_existing(*mocks: object) -> None:
    with patch.object(database, "engine"), patch.object(FlowTracker, "limit"):
        pass
    patch.dict("app.core.database.SETTINGS", {"url": "x"}).start()
    patch.multiple("app.core.database", engine=None, Engine=None).start()
    patch("os.path.exists").start()
    patch("app.services.flow_tracker.open").start()  # mock creates builtins on modules


def test_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    patch("app.services.flow_tracker.trak", create=True).start()
    patch.object(FlowTracker, "nope", create=True).start()
    patch.multiple("app.core.database", create=True, nope=None).start()
    monkeypatch.setattr("app.services.flow_tracker.trak", None, raising=False)
    monkeypatch.delattr("app.services.flow_tracker.trak", raising=False)
    patch(TARGET).start()  # not a literal
    patch(f"app.services.{TARGET}").start()
    patch("app.services.flow_tracker." + "trak").start()
    patch("app.services.flow_tracker.trak")  # noqa: ALP004


def test_unknowable() -> None:
    patch("not_installed_anywhere.module.name").start()  # a module that cannot be found
    patch("math.nothing").start()  # a C extension
    patch("os.nothing_from_posix").start()  # os star-imports the C module posix
    patch("app.dynamic.generated").start()  # globals() writes
    patch("app.dynamic.sqrt_or_anything").start()  # star import from a C extension
    patch("app.lazy.computed").start()  # module-level __getattr__
    patch("requests.does_not_matter").start()  # a third-party module not installed here


def test_not_patchers(client: Any, session: Any, self_mocker: Any, monkeypatch: Any) -> None:
    client.patch("/api/items/1", json={"name": "x"})
    session.patch("app.services.flow_tracker.trak")
    self_mocker.patch("app.services.flow_tracker.trak")
    setattr(os, "sep", "/")
    monkeypatch.setitem(os.environ, "A", "1")
    monkeypatch.setenv("A", "1")


def test_rebound_names(mocker: Any, monkeypatch: Any) -> None:
    mocker = HttpClient()
    mocker.patch("app.services.flow_tracker.trak")
    monkeypatch = HttpClient()
    monkeypatch.setattr("app.services.flow_tracker.trak", None)


def test_annotated_otherwise(mocker: "HttpClient") -> None:
    mocker.patch("app.services.flow_tracker.trak")


class HttpClient:
    def patch(self, url: str) -> None:
        return None

    def setattr(self, target: str, value: object) -> None:
        return None

    def test_attribute_holder(self) -> None:
        self.mocker.patch("app.services.flow_tracker.trak")
        mock.patch  # not called


def helper_without_fixture() -> None:
    mocker = HttpClient()
    mocker.patch("app.services.flow_tracker.trak")


def test_submodule_imported_here() -> None:
    import app.services.flow_tracker  # noqa: F401

    patch("app.services.flow_tracker").start()


def test_patch_expected_to_fail() -> None:
    """A test that wants the patch to fail says so: no finding inside the expecting block."""
    with pytest.raises(AttributeError):
        patch("app.services.flow_tracker.trak").start()
    with pytest.raises((ModuleNotFoundError, AttributeError), match="trak"):
        with patch("app.services.nowhere.trak"):
            pass


class TestExpectedFailure:
    def test_unittest_style(self) -> None:
        with self.assertRaises(AttributeError):  # type: ignore[attr-defined]
            @patch.object(FlowTracker, "recrod")
            def inner() -> None:
                pass
            inner()
