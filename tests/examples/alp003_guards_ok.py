"""ALP003 stays silent where the RuntimeError of Python 3.14 is handled, or the code only runs before 3.14."""
import asyncio
import builtins
import sys
import warnings

import uvloop


def gql_form() -> asyncio.AbstractEventLoop:
    """gql 4.4: the warning ignored for 3.12-3.13 and the RuntimeError handled for 3.14."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="There is no current event loop")
            loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    return loop


def runtime_error_handled() -> asyncio.AbstractEventLoop:
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    return loop


def bases_and_tuples(policy: asyncio.AbstractEventLoop) -> None:
    try:
        asyncio.get_event_loop()
    except Exception:
        uvloop.new_event_loop()
    try:
        asyncio.get_event_loop()
    except BaseException:
        asyncio.run(asyncio.sleep(0))
    try:
        asyncio.get_event_loop()
    except (OSError, builtins.RuntimeError):
        asyncio.SelectorEventLoop()
    try:
        asyncio.get_event_loop()
        asyncio.sleep(0)
    except:  # noqa: E722
        policy.new_event_loop()  # type: ignore[attr-defined]


def one_statement_with_a_no_loop_path() -> object:
    """aiohttp's worker: close a loop if there is one; the handler is the no-loop path."""
    try:
        asyncio.get_event_loop().close()
    except RuntimeError:
        pass
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = None
    return loop


async def guarded_in_a_coroutine() -> None:
    try:
        asyncio.get_event_loop()
    except RuntimeError:
        asyncio.new_event_loop()


def before_the_error() -> None:
    """3.12-3.13 warn here when no loop is set, but no Python raises: the rule page says so."""
    if sys.version_info < (3, 14):
        asyncio.get_event_loop()
    if sys.version_info[:2] <= (3, 13):
        asyncio.get_event_loop()
    if sys.version_info >= (3, 14):
        pass
    else:
        asyncio.get_event_loop()
    if sys.version_info <= (3, 14):  # the whole version_info is never equal to (3, 14)
        asyncio.get_event_loop()
    if sys.version_info > (3, 13, 99):
        pass
    else:
        asyncio.get_event_loop()


def _get_event_loop_no_warn() -> asyncio.AbstractEventLoop:
    """pytest-asyncio 1.5: the helper only quiets the warning; its one caller handles the RuntimeError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return asyncio.get_event_loop()


def temporary_event_loop(loop: asyncio.AbstractEventLoop) -> None:
    try:
        old_loop = _get_event_loop_no_warn()
    except RuntimeError:
        old_loop = None
    print(old_loop is loop)
