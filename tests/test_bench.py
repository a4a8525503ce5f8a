"""The benchmark's load harness (bench/load.py, bench/wrk.lua, bench/middleware.py): real wrk
against a real HTTP server on loopback, and the CPU accounting read from /proc."""

import argparse
import http.server
import os
import subprocess
import sys
import threading
import time

import pytest
from django.http import HttpResponse

from bench import run
from bench.load import CpuSampler, Run, run_wrk
from bench.middleware import HEADER, worker_pid


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers as two workers would: the worker's name alternates per connection."""

    protocol_version = "HTTP/1.1"
    connections = 0
    lock = threading.Lock()

    def setup(self):
        super().setup()
        with Handler.lock:
            Handler.connections += 1
            self.worker = str(1000 + Handler.connections % 2)

    def do_GET(self):
        status = 500 if self.path == "/fails/" else 304 if self.headers.get("If-None-Match") == '"v1"' else 200
        body = b"" if status == 304 else b"ok"
        self.send_response(status)
        self.send_header(HEADER, self.worker)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def load(url: str, **headers: str) -> Run:
    return run_wrk(
        url,
        seconds=1,
        threads=2,
        connections=8,
        headers=headers,
        timeout=5,
        cpu_of=CpuSampler(os.getpid(), None),
    )


def test_wrk_reports_latency_statuses_and_the_split_between_workers(server):
    result = load(server + "/")
    assert result.requests > 20
    assert result.statuses == {"200": result.requests}
    assert result.server_errors == 0
    assert sorted(result.workers) == ["1000", "1001"]  # both of the server's "workers" answered
    assert sum(result.workers.values()) == result.requests
    assert 0 < result.latency_ms["p50"] <= result.latency_ms["p95"] <= result.latency_ms["p99"]
    assert result.rps > 0
    assert result.split_text(2).count("/") == 1
    assert set(result.cpu) == {"server", "db", "machine", "wrk"}
    assert result.cpu["wrk"] > 0


def test_server_errors_and_conditional_requests_are_counted_by_status(server):
    failing = load(server + "/fails/")
    assert failing.server_errors == failing.requests > 0
    assert failing.errors["status"] == failing.requests  # wrk's own count of non-2xx/3xx
    conditional = load(server + "/", **{"If-None-Match": '"v1"'})
    assert conditional.statuses == {"304": conditional.requests}
    assert conditional.errors["status"] == 0


def test_the_sampler_counts_the_cpu_of_the_masters_children():
    busy = "import time\nend = time.time() + 1.5\nwhile time.time() < end: pass"
    child = subprocess.Popen([sys.executable, "-c", busy])
    try:
        sampler = CpuSampler(os.getpid(), None)
        time.sleep(0.3)
        before = sampler.sample()
        time.sleep(0.8)
        after = sampler.sample()
    finally:
        child.wait()
    assert child.pid in after["server"]
    spent = after["server"][child.pid] - before["server"].get(child.pid, 0)
    assert spent > 0  # how much depends on what else the machine runs
    assert after["machine"][0] > before["machine"][0]


def test_the_split_and_a_lopsided_run():
    even = Run(workers={"1": 52, "2": 48})
    skewed = Run(workers={"1": 95, "2": 5})
    alone = Run(workers={"1": 10})
    assert even.split_text(2) == "52/48"
    assert alone.split_text(2) == "100/0"
    assert not run.lopsided(even, 2)
    assert run.lopsided(skewed, 2)
    assert run.lopsided(alone, 2)


def test_each_worker_holds_its_share_of_the_connections_plus_its_threads():
    args = argparse.Namespace(connections=32, workers=2, threads=2, worker_connections=0)
    assert run.worker_connections(args) == 18
    args.connections = 33
    assert run.worker_connections(args) == 19
    args.worker_connections = 1000
    assert run.worker_connections(args) == 1000


def test_the_middleware_names_the_worker():
    response = worker_pid(lambda request: HttpResponse("ok"))(None)
    assert response[HEADER] == str(os.getpid())


def test_every_page_has_a_goal_and_the_filter_keeps_the_minimal_view():
    assert run.GOALS["anonymous"] == pytest.approx(1 / 3)
    minimal = run.Page(run.MINIMAL, "minimal")
    directory = run.Page("/katalog/", "anonymous")
    assert run.selected(minimal, "katalog") and run.selected(directory, "katalog")
    assert not run.selected(run.Page("/min-sida/", "logged-in"), "katalog")
    assert run.Page("/api/v1/uppdrag/", "304", conditional=True).status == 304


def test_the_report_shows_each_page_against_its_goal(capsys):
    def result(page, rps, statuses):
        best = Run(
            requests=int(rps * 2),
            seconds=2.0,
            latency_ms={"p50": 5.0, "p90": 7.0, "p95": 8.0, "p99": 9.0, "max": 10.0, "mean": 5.0},
            statuses=statuses,
            workers={"11": 50, "12": 50},
            errors={"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0},
            cpu={"server": 1.9, "db": 0.0, "machine": 2.0, "wrk": 0.1},
        )
        return run.Result(page, best, [best])

    pages = [
        run.Page(run.MINIMAL, "minimal"),
        run.Page("/katalog/", "anonymous"),
        run.Page("/a/", "304", conditional=True),
    ]
    figures = {"status": 200, "queries": 4, "bytes": 2048, "ms": 3.0}
    inproc = {p.label: {"real": figures, "scaled": figures} for p in pages}
    results = [
        result(pages[0], 1000, {"200": 2000}),
        result(pages[1], 100, {"200": 200}),
        result(pages[2], 600, {"304": 1200}),
    ]
    args = argparse.Namespace(
        scale=1,
        repeat=3,
        workers=2,
        threads=2,
        worker_class="gthread",
        worker_connections=0,
        wrk_threads=2,
        connections=32,
        runs=1,
        duration=2.0,
        pages="",
        readme=False,
        no_json=True,
    )
    run.report(args, {"groups": 1}, inproc, results, {"total": 1.0}, ((0.5, 0, 0), (0.6, 0, 0)))
    out = capsys.readouterr().out
    assert "Goals met: 2 of 3 pages." in out
    assert "missed: /katalog/ (anonymous) 0.100 < 0.33" in out
    assert "gunicorn workers used 1.90 of" in out
    markdown = run.markdown_table(run.rows_of(results, inproc, 2), inproc, args, "now", "abc", ((0.5,), (0.6,)))
    assert "| `/a/ (304)` | 304 | 600.0 | 0.600 | 0.50 | ja |" in markdown
