"""Each code's single source agrees with everything derived from it: pages, README, options, examples."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from flake8_asyncloop.rules import INFOS, RULES
from flake8_asyncloop.settings import OPTIONS

from . import regen, snapshots
from .harness import EXAMPLES, expected_hits

CODES = [info.code for info, _ in INFOS]
#: Placeholder values of typical length: a message rendered with them must fit an editor's hover.
TYPICAL = {
    "fixture": "db_session", "requester": "test_create_user", "kind": "test", "scope": "session",
    "loop": "function", "own": "function", "other": "session", "where": "tests/conftest.py:42",
    "why": "shares an httpx.AsyncClient across loops", "also": "",
    "fix": "set asyncio_default_test_loop_scope = session in pytest.ini",
    "loop_origin": "pytest.ini: asyncio_default_fixture_loop_scope", "version": "0.21.2",
    "event_loop": "pytest-asyncio's own", "name": "asyncio.get_event_loop", "factory": "a loop_factory",
    "who": "test 'test_create_user'", "instead": "use asyncio.get_running_loop() instead",
    "choose": "choose loops with loop_scope=", "status": "removed in 1.0",
    "api": "mocker.patch()", "target": "app.services.users.send_email", "owner": "app.services.users",
    "function": "send_welcome", "suggestion": "app.mail.send_email", "hint": "", "detail": "app.mail",
    "count": "412", "limit": "400", "test": "test_create_user", "call": "loop.run_until_complete",
    "sync_mock": "new_callable=MagicMock", "async_fix": "new_callable=AsyncMock",
    "consumer": "app.api.routes",
}
#: Where a placeholder means something else in another code's messages.
TYPICAL_BY_CODE = {
    "ALP004": {"name": "send_email"},
    "ALP009": {"name": "send_email", "suggestion": "app.api.routes.send_email"},
}


def test_codes_are_unique_and_in_order() -> None:
    assert CODES == sorted(set(CODES))
    assert {rule.info.code for rule in RULES} == set(CODES)


@pytest.mark.parametrize(("info", "module"), INFOS, ids=CODES)
def test_every_option_a_rule_names_exists(info: object, module: str) -> None:
    flags = {spec.flag for spec in OPTIONS}
    assert set(getattr(info, "options")) <= flags


@pytest.mark.parametrize(("info", "module"), INFOS, ids=CODES)
def test_messages_fit_an_editor_hover(info: object, module: str) -> None:
    for key, template in getattr(info, "messages").items():
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert fields <= set(TYPICAL), f"{key}: give {fields - set(TYPICAL)} a typical value here"
        text = template.format(**{**TYPICAL, **TYPICAL_BY_CODE.get(getattr(info, "code"), {})})
        assert len(text) <= 200, f"{key} renders {len(text)} characters: {text}"


@pytest.mark.parametrize(("info", "module"), INFOS, ids=CODES)
def test_examples_exist_and_fire_as_declared(info: object, module: str) -> None:
    code = getattr(info, "code")
    declared = getattr(info, "examples")
    assert any(e.fires for e in declared) and any(not e.fires for e in declared)
    for example in declared:
        path = EXAMPLES / example.path
        assert path.exists(), example.path
        fires = any(hit.code == code for hit in expected_hits(path))
        assert fires == example.fires, example.path


def test_every_example_belongs_to_a_code() -> None:
    declared = {e.path for info, _ in INFOS for e in info.examples}
    on_disk = {p.name for p in EXAMPLES.iterdir() if p.suffix == ".py" or p.is_dir()}
    assert on_disk == declared


def test_rendered_messages_stay_short() -> None:
    """Real paths and names make some messages longer than the typical case, never much longer."""
    for example in regen.all_examples():
        for line in snapshots.read(example) or []:
            message = re.split(r": ALP\d{3} ", line, maxsplit=1)[1]
            assert len(message) <= 240, line


def test_generated_pages_readme_and_snapshots_are_current() -> None:
    """``python -m tests.regen`` has been run since the last change to a rule, a message or an example."""
    files = regen.expected_files(regen.current_snapshots())
    stale = [str(path.relative_to(regen.ROOT)) for path in regen.stale(files)]
    assert not stale, f"stale: {stale}; run python -m tests.regen"


def test_every_problem_kind_is_an_alp004_message() -> None:
    from flake8_asyncloop.patching.values import ProblemKind
    from flake8_asyncloop.rules.patch_targets import INFO

    assert {kind.value for kind in ProblemKind} <= set(INFO.messages)


def test_readme_documents_every_option() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert [o.flag for o in OPTIONS if f"| `{o.flag}` |" not in readme] == []
