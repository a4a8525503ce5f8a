"""Load one page with wrk and account for the CPU time it cost (used by bench/run.py).

wrk (Debian's package, installed by scripts/bootstrap.sh test) opens `connections` keep-alive
connections on `threads` threads; bench/wrk.lua prints one JSON line with the latency
percentiles, the responses per status and per gunicorn worker (X-Bench-Worker). Around each run
the CPU time of the gunicorn workers, of the PostgreSQL server's processes and of wrk itself is
read from /proc, so the report can show whether the server's cores were saturated and that the
load generator was not the bottleneck.
"""

import json
import os
import resource
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

LUA = Path(__file__).resolve().parent / "wrk.lua"
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One wrk run against one page."""

    requests: int = 0
    seconds: float = 0.0
    bytes: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # connect, read, write, status, timeout
    latency_ms: dict[str, float] = field(default_factory=dict)  # p50, p90, p95, p99, max, mean
    statuses: dict[str, int] = field(default_factory=dict)
    workers: dict[str, int] = field(default_factory=dict)  # pid → responses
    cpu: dict[str, float] = field(default_factory=dict)  # cores busy: server, db, wrk, machine

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status.startswith("5"))

    @property
    def split(self) -> list[float]:
        """Each worker's share of the responses, largest first."""
        total = sum(self.workers.values())
        return sorted((n / total for n in self.workers.values()), reverse=True) if total else []

    def split_text(self, workers: int) -> str:
        shares = self.split + [0.0] * max(0, workers - len(self.split))
        return "/".join(f"{round(s * 100)}" for s in shares)


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("bench: wrk saknas. Kör `scripts/bootstrap.sh test` (eller `apt-get install wrk`).")
    return path


def run_wrk(
    url: str,
    *,
    seconds: float,
    threads: int,
    connections: int,
    headers: dict[str, str],
    timeout: float,
    cpu_of: "CpuSampler",
) -> Run:
    command = [
        wrk_path(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={max(1, round(timeout))}s",
        f"--script={LUA}",
        "--latency",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(url)
    before = cpu_of.sample()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = cpu_of.sample()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH-JSON ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"bench: wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("BENCH-JSON "))
    run = Run(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        bytes=data["bytes"],
        errors=data["errors"],
        latency_ms={k: v / 1000 for k, v in data["latency_us"].items()},
        statuses=data["statuses"],
        workers=data["workers"],
    )
    wrk_cpu = (children_after.ru_utime + children_after.ru_stime) - (children.ru_utime + children.ru_stime)
    run.cpu = {k: used(before[k], after[k]) / wall for k in before}
    run.cpu["wrk"] = wrk_cpu / wall
    return run


class CpuSampler:
    """CPU seconds so far of the gunicorn workers (children of the master), of the PostgreSQL
    server (the postmaster's children) and of the whole machine (/proc/stat, all cores)."""

    def __init__(self, gunicorn_master: int, postmaster: int | None) -> None:
        self.gunicorn_master = gunicorn_master
        self.postmaster = postmaster

    def workers(self) -> list[int]:
        return children(self.gunicorn_master)

    def sample(self) -> dict[str, dict[int, float]]:
        """CPU seconds per process of each kind; the machine's busy seconds under pid 0."""
        stats = all_stats()
        return {
            "server": {pid: cpu for pid, (ppid, cpu) in stats.items() if ppid == self.gunicorn_master},
            "db": {pid: cpu for pid, (ppid, cpu) in stats.items() if self.postmaster and ppid == self.postmaster},
            "machine": {0: machine_busy()},
        }


def used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two samples by the processes alive at the second; one that
    started meanwhile counts from zero, one that exited meanwhile is lost (never negative)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def all_stats() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds used: user + system) of every process."""
    stats = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = text[text.rindex(")") + 2 :].split()  # after "(comm)", which may hold spaces
        # fields[0] is field 3 of proc(5): state; ppid is field 4, utime 14, stime 15.
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return stats


def children(parent: int) -> list[int]:
    return sorted(pid for pid, (ppid, _cpu) in all_stats().items() if ppid == parent)


def parent_of(pid: int) -> int:
    text = Path(f"/proc/{pid}/stat").read_text()
    return int(text[text.rindex(")") + 2 :].split()[1])


def machine_busy() -> float:
    """CPU seconds the machine's cores have spent busy (not idle, not waiting for I/O)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / TICK
