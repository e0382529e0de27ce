"""The three flake8 installations the benchmark compares, each in its own venv.

"plain" has flake8 alone, so it really runs without any plugin; the other two
add exactly one plugin.  All three pin the same flake8.  A stamp file records
what a venv was built with, so a changed pin rebuilds it and an unchanged one
is reused.  This checkout is installed as a user installs it (not editable: an
editable install's import hook costs every process ~20 ms), so its stamp holds
a digest of the package's files and a changed checkout is installed again.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

FLAKE8 = "flake8==7.5.0"
FLAKE8_ASYNC = "flake8-async==26.8.1"
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Variant:
    """One flake8 installation: a name, the requirements beside flake8, where it lives."""

    name: str
    requirements: tuple[str, ...]
    root: Path

    @property
    def python(self) -> Path:
        return self.root / "bin" / "python"

    @property
    def flake8(self) -> Path:
        return self.root / "bin" / "flake8"


def variants(cache: Path, with_flake8_async: bool = True) -> list[Variant]:
    """Plain flake8, flake8 + this plugin (from this checkout), flake8 + flake8-async."""
    envs = cache / "venvs"
    found = [
        Variant("plain", (FLAKE8,), envs / "plain"),
        Variant("asyncloop", (FLAKE8, str(REPO)), envs / "asyncloop"),
    ]
    if with_flake8_async:
        found.append(Variant("flake8-async", (FLAKE8, FLAKE8_ASYNC), envs / "flake8-async"))
    return found


def ensure(variant: Variant, python: str = sys.executable) -> Variant:
    """Create or refresh the venv so it holds exactly the variant's requirements."""
    stamp = variant.root / "benchmark-stamp.txt"
    wanted = f"{python}\n" + "\n".join(variant.requirements)
    if str(REPO) in variant.requirements:
        wanted += f"\n{_checkout_digest()}"
    if stamp.exists() and stamp.read_text() == wanted and variant.flake8.exists():
        return variant
    print(f"[bench] building venv {variant.root.name} ({' '.join(variant.requirements)})", flush=True)
    if python == sys.executable:
        venv.EnvBuilder(clear=True, with_pip=True).create(variant.root)
    else:
        subprocess.run([python, "-m", "venv", "--clear", str(variant.root)], check=True)
    pip = [str(variant.python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *variant.requirements], check=True)
    stamp.write_text(wanted)
    return variant


def _checkout_digest() -> str:
    """The package's files as they are now (names, times, sizes): a changed checkout is installed again."""
    files = sorted([*(REPO / "flake8_asyncloop").rglob("*.py"), REPO / "pyproject.toml"])
    digest = hashlib.blake2b(digest_size=8)
    for path in files:
        info = path.stat()
        digest.update(f"{path.relative_to(REPO)}:{info.st_mtime_ns}:{info.st_size};".encode())
    return digest.hexdigest()


def installed_version(variant: Variant, distribution: str) -> str:
    """The version of ``distribution`` inside the variant's venv."""
    code = f"import importlib.metadata as m; print(m.version({distribution!r}))"
    out = subprocess.run([str(variant.python), "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()
