"""examples/latest_news.py, run as an integrator would, against a live server."""

import subprocess
import sys
from pathlib import Path

from newsroom.models import NewsIndexPage, NewsPage

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "latest_news.py"


def test_the_example_client_prints_the_latest_news(live_server, live_demo):
    section = NewsIndexPage.objects.get(slug="tu-van-phan-bien")
    newest = NewsPage.objects.child_of(section).live().order_by("-date", "-pk")[:3]
    result = subprocess.run(  # noqa: S603 - the project's own example
        [sys.executable, str(EXAMPLE), live_server.url, "tu-van-phan-bien", "--limit", "3"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Tư vấn – Phản biện"
    titles = [line.split("  ", 1)[1] for line in lines if line.startswith("- ")]
    assert titles == [page.title for page in newest]
    assert sum(".width-800." in line for line in lines) == 3


def test_the_example_client_says_when_the_section_does_not_exist(live_server, live_demo):
    result = subprocess.run(  # noqa: S603 - the project's own example
        [sys.executable, str(EXAMPLE), live_server.url, "khong-co"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "no news section 'khong-co'" in result.stderr
