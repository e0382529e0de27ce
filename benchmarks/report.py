"""Turn the measured series into latest.json and a markdown table the README can quote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from measure import Series

#: The targets of issue 11: the plugin's CPU time over plain flake8's, per corpus group and cache state.
TARGETS = {
    ("stdlib", "asyncloop-cold"): 1.10,
    ("suites", "asyncloop-cold"): 1.25,
    ("suites", "asyncloop-warm"): 1.10,
    ("growing", "asyncloop-cold"): 1.25,
    ("editor", "asyncloop-warm"): 1.20,
}
VARIANTS = ("plain", "asyncloop-cold", "asyncloop-warm", "flake8-async")


def summarise(series: Series, plain: Series) -> dict[str, Any]:
    """Median, ratio to plain, peak memory and findings of one variant on one corpus."""
    findings: dict[str, int] = {}
    for run in series.runs[:1]:
        findings = dict(sorted(run.findings.items()))
    return {
        "runs": len(series.runs),
        "median_s": round(series.median, 3),
        "times_s": [round(run.seconds, 3) for run in series.runs],
        "cpu_s": [round(run.cpu_seconds, 3) for run in series.runs],
        "ratio_to_plain": round(series.median / plain.median, 3),
        "cpu_median_s": round(series.cpu_median, 3),
        "cpu_ratio_to_plain": round(series.cpu_median / plain.cpu_median, 3),
        "peak_rss_mib": round(series.peak_rss_mib, 1),
        "findings_by_prefix": findings,
        "problems": sorted({p for run in series.runs for p in run.problems}),
    }


def markdown(results: dict[str, Any]) -> str:
    """One table per --jobs setting: medians, ratios, peak RSS; then the environment."""
    lines = [f"Benchmark of {results['environment']['flake8']} on {results['environment']['python']} "
             f"({results['environment']['cpus']} CPUs), {results['rounds']} rounds "
             f"({results['flake8_async_rounds']} for flake8-async), medians of whole flake8 processes: "
             "CPU time (wall time); ratios to plain flake8's medians. The plugin runs with its disk "
             "cache emptied before each run (cold) and filled by an untimed run first (warm).", ""]
    for jobs, corpora in results["jobs"].items():
        lines += [f"`--jobs {jobs}`:", "",
                  "| corpus | files | lines | plain | + flake8-asyncloop cold | + flake8-asyncloop warm "
                  "| + flake8-async | peak RSS plain / cold / warm / async |",
                  "|---|---:|---:|---:|---:|---:|---:|---|"]
        for corpus in corpora:
            lines.append(_row(corpus))
        lines.append("")
    lines += _linearity_lines(results)
    lines += _target_lines(results)
    return "\n".join(lines) + "\n"


def _linearity_lines(results: dict[str, Any]) -> list[str]:
    """The plugin's extra CPU time (cold, over plain flake8) per size of the growing suite: linear in
    files when the time per file stays the same."""
    rows = [c for c in results["jobs"].get("1", []) if c["group"] == "growing"
            and {"plain", "asyncloop-cold"} <= set(c["variants"])]
    if not rows:
        return []
    lines = ["Extra CPU time of the plugin (cold) on the growing suite, `--jobs 1`:", "",
             "| test files | extra CPU | per file |", "|---:|---:|---:|"]
    for corpus in rows:
        variants = corpus["variants"]
        extra = variants["asyncloop-cold"]["cpu_median_s"] - variants["plain"]["cpu_median_s"]
        tests = int(corpus["name"].split(", ")[1].split()[0])
        lines.append(f"| {tests} | {extra:.2f} s | {1000 * extra / tests:.2f} ms |")
    return [*lines, ""]


def _row(corpus: dict[str, Any]) -> str:
    variants = corpus["variants"]

    def cell(name: str) -> str:
        if name not in variants:
            return "—"
        v = variants[name]
        if name == "plain":
            return f"{v['cpu_median_s']:.2f} s ({v['median_s']:.2f} s)"
        return f"{v['cpu_ratio_to_plain']:.2f}× ({v['ratio_to_plain']:.2f}×)"

    rss = " / ".join(f"{variants[n]['peak_rss_mib']:.0f}" if n in variants else "—" for n in VARIANTS)
    cells = " | ".join(cell(name) for name in VARIANTS)
    return f"| {corpus['name']} | {corpus['files']} | {corpus['lines']} | {cells} | {rss} MiB |"


def _target_lines(results: dict[str, Any]) -> list[str]:
    lines = ["Targets (flake8-asyncloop / plain, CPU time, `--jobs 1`):", ""]
    for (group, variant), limit in TARGETS.items():
        ratios = [c["variants"][variant]["cpu_ratio_to_plain"]
                  for c in results["jobs"].get("1", []) if c["group"] == group and variant in c["variants"]]
        if ratios:
            worst = max(ratios)
            verdict = "met" if worst <= limit else f"missed by {worst - limit:.2f}"
            lines.append(f"- {group}, {variant}: worst {worst:.2f}× against ≤ {limit:.2f}× — {verdict}")
    problems = [f"{c['name']} [{n}]: {p}" for corpora in results["jobs"].values() for c in corpora
                for n, v in c["variants"].items() for p in v["problems"]]
    lines += ["", "Crashes or internal errors: " + ("none" if not problems else "")]
    lines += [f"- {p}" for p in problems]
    return lines


def write(results: dict[str, Any], folder: Path) -> str:
    """Write latest.json and latest.md; return the markdown."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    text = markdown(results)
    (folder / "latest.md").write_text(text)
    return text
