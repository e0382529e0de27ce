"""Benchmark flake8-asyncloop against plain flake8 and flake8 + flake8-async.

One command from a fresh clone: ``tox -e bench`` or ``python benchmarks/run.py``.
It builds three venvs under ``benchmarks/.cache/`` (same flake8 in each), fetches
the pinned sdists, then runs whole flake8 processes with identical arguments,
alternating the variants within each round (the order rotates every round), and
writes ``benchmarks/results/latest.json`` and ``latest.md``.

``--crash-check`` instead lints the whole standard library of every installed
pyenv Python 3.10-3.13, and the benchmark suites, with ``--select ALP``, and fails
on any traceback or internal error (see crash_check.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402 - after the path fix, as a script
import crash_check  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402
import venvs  # noqa: E402

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
RESULTS = HERE / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds for plain and this plugin (default 5)")
    parser.add_argument("--flake8-async-rounds", type=int, default=1,
                        help="rounds that include flake8-async, which is ~14x slower (default 1)")
    parser.add_argument("--jobs", default="1", help="comma-separated --jobs values to measure (default 1; "
                        "e.g. 1,auto)")
    parser.add_argument("--only", choices=("stdlib", "suites", "editor", "growing"),
                        help="measure one corpus group only (growing: the generated suite at 400, 800 "
                        "and 1,600 test files, for the plugin's extra cost per file)")
    parser.add_argument("--crash-check", action="store_true", help="full-stdlib crash check instead")
    parser.add_argument("--pythons", help="comma-separated interpreters for --crash-check "
                        "(default: every pyenv 3.10-3.13)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.crash_check:
        pythons = args.pythons.split(",") if args.pythons else None
        return crash_check.run(CACHE, RESULTS, pythons)
    return benchmark(args)


def benchmark(args: argparse.Namespace) -> int:
    wanted = venvs.variants(CACHE, with_flake8_async=args.flake8_async_rounds > 0)
    variants = [venvs.ensure(v) for v in wanted]
    selected = [corpora.stdlib_corpus()] if args.only in (None, "stdlib") else []
    if args.only in (None, "suites"):
        selected += [*corpora.sdist_corpora(CACHE), corpora.synthetic_corpus(CACHE)]
        selected += corpora.growing_corpora(CACHE, corpora.SIZES[-1:], "suites")
    if args.only == "growing":
        selected += corpora.growing_corpora(CACHE)
    if args.only in (None, "editor"):
        selected += corpora.editor_corpora(CACHE)
    results: dict[str, Any] = {
        "environment": environment(variants),
        "rounds": args.rounds,
        "flake8_async_rounds": min(args.flake8_async_rounds, args.rounds),
        "jobs": {},
    }
    for jobs in args.jobs.split(","):
        results["jobs"][jobs] = [measure_corpus(c, variants, jobs, args) for c in selected]
    text = report.write(results, RESULTS)
    print(text)
    problems = [p for cs in results["jobs"].values() for c in cs for v in c["variants"].values()
                for p in v["problems"]]
    return 1 if any("flake8-asyncloop" in p for p in problems) else 0


def measure_corpus(corpus: corpora.Corpus, variants: list[venvs.Variant], jobs: str,
                   args: argparse.Namespace) -> dict[str, Any]:
    """Alternate the variants round by round over one corpus."""
    files, lines = corpus.size()
    print(f"[bench] {corpus.name}: {files} files, {lines} lines, --jobs {jobs}", flush=True)
    runners = _runners(corpus, variants, jobs)
    series = {name: measure.Series() for name, _, _ in runners}
    stdin = corpus.cwd / corpus.paths[0] if corpus.stdin else None
    for index in range(args.rounds):
        shift = index % len(runners)
        for name, command, cold in runners[shift:] + runners[:shift]:
            if name == "flake8-async" and index >= args.flake8_async_rounds:
                continue
            if cold is not None:
                shutil.rmtree(cold, ignore_errors=True)
            run = measure.run_once(command, corpus.cwd, stdin)
            series[name].runs.append(run)
            print(f"[bench]   round {index + 1} {name:>15}: {run.seconds:7.2f} s "
                  f"{run.cpu_seconds:7.2f} s cpu {run.max_rss_kib / 1024:6.0f} MiB exit {run.exit_code}",
                  flush=True)
    plain = series["plain"]
    return {
        "name": corpus.name,
        "group": corpus.group,
        "cwd": str(corpus.cwd),
        "paths": list(corpus.paths),
        "files": files,
        "lines": lines,
        "variants": {name: report.summarise(s, plain) for name, s in series.items() if s.runs},
    }


def _runners(corpus: corpora.Corpus, variants: list[venvs.Variant],
             jobs: str) -> list[tuple[str, list[str], Path | None]]:
    """(name, command, cache folder to empty before each run): the plugin runs twice, with its disk
    cache emptied before every run (cold) and with one filled by an untimed run first (warm)."""
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", corpus.name).strip("-")
    found: list[tuple[str, list[str], Path | None]] = []
    for variant in variants:
        if variant.name != "asyncloop":
            found.append((variant.name, measure.flake8_command(variant, corpus, jobs), None))
            continue
        for mode in ("cold", "warm"):
            folder = CACHE / "asyncloop-cache" / f"{slug}-{jobs}-{mode}"
            command = measure.flake8_command(variant, corpus, jobs, (f"--asyncloop-cache-dir={folder}",))
            found.append((f"asyncloop-{mode}", command, folder if mode == "cold" else None))
            if mode == "warm":
                shutil.rmtree(folder, ignore_errors=True)
                measure.run_once(command, corpus.cwd, corpus.cwd / corpus.paths[0] if corpus.stdin else None)
    return found


def environment(variants: list[venvs.Variant]) -> dict[str, Any]:
    plugin = next(v for v in variants if v.name == "asyncloop")
    found = {
        "python": f"CPython {platform.python_version()} ({sys.executable})",
        "flake8": f"flake8 {venvs.installed_version(plugin, 'flake8')}",
        "flake8-asyncloop": venvs.installed_version(plugin, "flake8-asyncloop"),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }
    for variant in variants:
        if variant.name == "flake8-async":
            found["flake8-async"] = venvs.installed_version(variant, "flake8-async")
    return found


if __name__ == "__main__":
    sys.exit(main())
