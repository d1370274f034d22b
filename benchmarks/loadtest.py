"""gunicorn and wrk: serving a corpus on loopback and measuring it under load.

The worker classes, starting and stopping gunicorn with the production start
command, driving a URL with wrk and parsing its output, waiting for the
server to drain between scenarios, and ``measure``: every scenario over a
number of rounds beside the floor, reduced to medians and ratios.
"""

import contextlib
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from corpus import ROOT
from scenarios import SCENARIOS

WORKER_CLASSES = {
    "sync": {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "1"},
    "gthread": {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"},
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env):
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "BASE_URL": f"http://127.0.0.1:{port}",
        # Steady state: no worker recycling in the middle of a measurement.
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(  # noqa: S603 - the production start command
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
         "--access-logfile", "/dev/null", "site_project.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/bench/floor/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {
        int(match.group(1)): _milliseconds(match.group(2))
        for match in re.finditer(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50_ms": percentiles[50],
        "p99_ms": percentiles[99],
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def load(url, duration, connections):
    result = subprocess.run(  # noqa: S603 - wrk on loopback
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(result.stdout)


def drain(base, timeout=120, parallel=16):
    """Wait until gunicorn has answered what wrk left queued.

    When wrk stops, requests it sent may still be queued or running in one
    worker while another answers at once; the next scenario would share the
    machine with them. So the floor is asked ``parallel`` times at once (more
    than the workers' threads, so that every worker gets some), until all
    answers come quickly twice in a row.
    """

    def answer_time(_):
        started = time.monotonic()
        urllib.request.urlopen(base + "/bench/floor/", timeout=timeout).read()  # noqa: S310
        return time.monotonic() - started

    deadline = time.monotonic() + timeout
    quick = 0
    with ThreadPoolExecutor(parallel) as pool:
        while quick < 2 and time.monotonic() < deadline:
            slowest = max(pool.map(answer_time, range(parallel)))
            quick = quick + 1 if slowest < 0.05 else 0


def warm_up(base, urls, seconds):
    for path in urls.values():
        load(base + path, seconds, 2)
        drain(base)


def measure(env, urls, rounds, duration, connections, warmup):
    """Each scenario ``rounds`` times, interleaved with the floor; medians and ratios."""
    samples = {name: [] for name in SCENARIOS}
    with gunicorn(env) as base:
        warm_up(base, urls, warmup)
        for _ in range(rounds):
            for name in SCENARIOS:
                samples[name].append(load(base + urls[name], duration, connections))
                drain(base)
    summary = {}
    for name in SCENARIOS:
        runs = samples[name]
        ratios = [
            run["rps"] / floor["rps"] for run, floor in zip(runs, samples["floor"], strict=True)
        ]
        summary[name] = {
            "rounds": runs,
            "rps": statistics.median(run["rps"] for run in runs),
            "p50_ms": statistics.median(run["p50_ms"] for run in runs),
            "p99_ms": statistics.median(run["p99_ms"] for run in runs),
            "ratio": statistics.median(ratios),
            "errors": sum(run["errors"] for run in runs),
        }
    return summary


def wrk_version():
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S607
    return result.stdout.splitlines()[0].strip()
