"""ALP003 still fires where a guard does not cover Python 3.14 (or covers something else)."""
import asyncio
import sys
import warnings
from warnings import catch_warnings, filterwarnings


def warning_ignored_by_message() -> asyncio.AbstractEventLoop:
    """gql's filter without gql's except RuntimeError: quiet on 3.12-3.13, RuntimeError on 3.14."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="There is no current event loop")
        return asyncio.get_event_loop()  # expect: ALP003:16


def warning_ignored_by_category() -> None:
    with catch_warnings():
        filterwarnings("ignore", category=DeprecationWarning)
        asyncio.get_event_loop()  # expect: ALP003:9
    with warnings.catch_warnings(action="ignore"):
        asyncio.get_event_loop()  # expect: ALP003:9


def warning_not_ignored() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        asyncio.get_event_loop()  # expect: ALP003:9
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="unclosed")
        asyncio.get_event_loop()  # expect: ALP003:9
    with warnings.catch_warnings():
        asyncio.get_event_loop()  # expect: ALP003:9
        warnings.simplefilter("ignore")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        asyncio.get_event_loop()  # expect: ALP003:9


def handler_does_not_fall_back() -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_event_loop()  # expect: ALP003:16
    except RuntimeError:
        raise


def shadowed_runtime_error() -> asyncio.AbstractEventLoop:
    from errors import RuntimeError  # a project's own error: not the one 3.14 raises

    try:
        return asyncio.get_event_loop()  # expect: ALP003:16
    except RuntimeError:
        return asyncio.new_event_loop()


def other_exceptions() -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_event_loop()  # expect: ALP003:16
    except (TypeError, KeyError):
        return asyncio.new_event_loop()


def handler_swallows_more_than_the_call(work: object) -> None:
    """A longer try whose handler only passes would hide the 3.14 error: the work never runs."""
    try:
        loop = asyncio.get_event_loop()  # expect: ALP003:16
        loop.run_until_complete(work)  # type: ignore[arg-type]
    except BaseException:
        pass


def outside_the_try_body() -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except Exception:
        return asyncio.get_event_loop()  # expect: ALP003:16
    finally:
        asyncio.get_event_loop()  # expect: ALP003:9


def nested_function_runs_later() -> object:
    try:
        def later() -> asyncio.AbstractEventLoop:
            return asyncio.get_event_loop()  # expect: ALP003:20
    except Exception:
        asyncio.set_event_loop(asyncio.new_event_loop())
    return later


def version_guards_that_reach_314() -> None:
    if sys.version_info < (3, 15):
        asyncio.get_event_loop()  # expect: ALP003:9
    if sys.version_info[:2] <= (3, 14):
        asyncio.get_event_loop()  # expect: ALP003:9
    if sys.version_info[:2] > (3, 14):
        pass
    else:
        asyncio.get_event_loop()  # expect: ALP003:9


def one_block_is_not_one_statement(context: object) -> None:
    try:
        with context:  # type: ignore[attr-defined]
            asyncio.get_event_loop()  # expect: ALP003:13
            asyncio.sleep(0)
    except Exception as exc:
        print(exc)


def _loop_helper() -> asyncio.AbstractEventLoop:
    """A private helper is as safe as its callers: here one call is not guarded."""
    return asyncio.get_event_loop()  # expect: ALP003:12


def _unused_helper() -> asyncio.AbstractEventLoop:
    """Never used in its module: it may be imported elsewhere, unguarded."""
    return asyncio.get_event_loop()  # expect: ALP003:12


def _callback_helper() -> asyncio.AbstractEventLoop:
    return asyncio.get_event_loop()  # expect: ALP003:12


def public_helper() -> asyncio.AbstractEventLoop:
    """Public: callers outside this module are not seen."""
    return asyncio.get_event_loop()  # expect: ALP003:12


def helper_callers(register: object) -> None:
    try:
        _loop_helper()
    except RuntimeError:
        pass
    _loop_helper()
    try:
        public_helper()
    except RuntimeError:
        pass
    register(_callback_helper)  # type: ignore[operator]
