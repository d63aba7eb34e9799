"""What the benchmark scripts share: where things are, and the engine on the path."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the project: /work/main
SHARED = ROOT.parent / "shared"  # the shared corpus and evaluation, beside the project
EVAL = SHARED / "eval"
CORPUS = SHARED / "corpus"
SAMPLE = ROOT / "src" / "luoshi" / "samples" / "seed-2023-shizhong.txt"

if str(ROOT / "src") not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))


def require_shared() -> None:
    """Exit 2 with a clear message when ../shared (corpus and scorers) is not there."""
    if not (EVAL.is_dir() and CORPUS.is_dir()):
        print(f"error: {SHARED} is missing (or has no eval/ and corpus/): the benchmarks need the shared "
              "corpus and scorers beside the project, at ../shared", file=sys.stderr)
        sys.exit(2)


def pin_to_one_core() -> str:
    """Run on CPU 0 alone where the system allows it; says what happened."""
    try:
        os.sched_setaffinity(0, {0})
    except (AttributeError, OSError) as e:
        return f"not pinned ({type(e).__name__})"
    return "pinned to CPU 0"


def read_jsonl(path: Path) -> list[dict]:
    """The objects of a JSON Lines file; raises ValueError naming the bad line."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{number}: not JSON: {e}") from None
    return rows


def environment() -> str:
    """One line on what was measured where: commit, Python, CPU."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", ""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    commit = (commit or "unknown") + (" (with uncommitted changes)" if dirty else "")
    return f"commit {commit}; Python {platform.python_version()}; {cpu}; {os.cpu_count()} CPUs"
