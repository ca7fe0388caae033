"""A fresh process, measured: its wall time, its peak RSS, its exit code and its output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT

# Linux counts a child's peak RSS from its parent's at fork time (exec keeps the old mm's high-water mark),
# so a child of this big process would report this process's size: a small wrapper starts the command.
MEASURE = """
import json, os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as fh:
    json.dump({"seconds": time.perf_counter() - t0, "rss_kib": usage.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status)}, fh)
"""


@dataclass(frozen=True)
class Measured:
    seconds: float
    rss_mib: float
    code: int  # -9: killed at the timeout
    stdout: str
    stderr: str  # its last 2,000 characters


def run_measured(cmd: list[str], env: dict[str, str], timeout: float) -> Measured:
    """Run a fresh process (in its own session, killed with its children at the timeout)."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        figures = Path(tmp) / "figures.json"
        wrapper = subprocess.Popen(
            [sys.executable, "-c", MEASURE, str(figures), *cmd],
            stdout=out,
            stderr=err,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        try:
            wrapper.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(wrapper.pid, 9)
            wrapper.wait()
        measured = (
            json.loads(figures.read_text())
            if figures.exists()
            else {"seconds": timeout, "rss_kib": 0, "code": -9}
        )
        out.seek(0)
        err.seek(0)
        return Measured(
            seconds=float(measured["seconds"]),
            rss_mib=measured["rss_kib"] / 1024,
            code=int(measured["code"]),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace")[-2000:],
        )
