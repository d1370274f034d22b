"""The benchmark harness reads wrk's report and judges the targets as the issue states them."""

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

# The harness runs as a script (python benchmarks/run.py): its modules import
# each other from benchmarks/, as they do here.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import loadtest  # noqa: E402
import report  # noqa: E402
import scenarios  # noqa: E402

bench = SimpleNamespace(
    SCENARIOS=scenarios.SCENARIOS,
    SEARCH_TARGET=report.SEARCH_TARGET,
    UNCACHED_TARGET=report.UNCACHED_TARGET,
    checks=report.checks,
    markdown=report.markdown,
    parse_wrk=loadtest.parse_wrk,
)

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8001/tin-tuc/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    3.02ms  40.12ms   80.00%
    Req/Sec   325.11     20.50   360.00     70.00%
  Latency Distribution
     50%   11.85ms
     75%   13.20ms
     90%   15.90ms
     99%    1.02s
  1950 requests in 3.00s, 28.10MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    649.80
Transfer/sec:      9.36MB
"""


def test_wrk_report_is_read_with_its_units():
    parsed = bench.parse_wrk(WRK_OUTPUT)

    assert parsed["rps"] == pytest.approx(649.80)
    assert parsed["p50_ms"] == pytest.approx(11.85)
    assert parsed["p99_ms"] == pytest.approx(1020.0)
    assert parsed["errors"] == 3
    assert bench.parse_wrk(WRK_OUTPUT.replace("99%    1.02s", "99%  850.00us"))[
        "p99_ms"
    ] == pytest.approx(0.85)


def scenario(ratio, p50=10.0, queries=5):
    return {
        "ratio": ratio,
        "p50_ms": p50,
        "p99_ms": 2 * p50,
        "queries": queries,
        "rps": 100 * ratio,
    }


def run(size, cache, ratio, p50=10.0, queries=5):
    return {
        "pages": size,
        "corpus_size": size,
        "worker_class": "sync",
        "cache": cache,
        "scenarios": {name: scenario(ratio, p50, queries) for name in bench.SCENARIOS},
    }


def test_targets_are_judged_at_the_largest_corpus_and_scaling_is_compared():
    results = {
        "runs": [
            run(1000, "cold", 0.2, p50=10.0),
            run(100000, "cold", 0.08, p50=16.0, queries=6),
            run(1000, "warm", 0.9),
            run(100000, "warm", 0.7),
        ]
    }

    lines, scaling = bench.checks(results)

    judged = {label: (value, required) for label, value, required in lines}
    assert judged["article, uncached, sync"] == (0.08, bench.UNCACHED_TARGET)
    assert judged["search, uncached, sync"] == (0.08, bench.SEARCH_TARGET)
    assert any(label.startswith("slowest cached page") for label in judged)
    cold_growth = {name: growth for _, cache, name, growth, _ in scaling if cache == "cold"}
    assert cold_growth["article"] == pytest.approx(1.6)
    assert all(not same for _, cache, _, _, same in scaling if cache == "cold")
    report = bench.markdown(
        {
            **results,
            "date": "2026-11-29",
            "machine": {"name": "m", "cpus": 2, "python": "3.11"},
            "database": "postgresql",
            "page_cache": "redis",
            "method": {"tool": "wrk 4.1.0", "connections": 8, "duration_s": 3, "rounds": 3},
        },
        None,
    )
    assert "**missed** by 0.020" in report
    assert "1.60×" in report
