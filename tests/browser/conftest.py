"""The browser tests' Chromium (Debian's, through Playwright: benchmarks.browser), one per test file.

Without Chromium these tests skip on a developer's machine; under CI (CI=true, which .ci/run exports) a missing
browser is a failure, never a skip."""

import os

import pytest

from benchmarks import browser as chromium_tools


def pytest_collection_modifyitems(items):
    if chromium_tools.CHROMIUM is None and os.environ.get("CI") != "true":
        skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install -y chromium); CI installs it")
        for item in items:
            if item.path.parent.name == "browser":
                item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    with chromium_tools.chromium() as browser:
        yield browser
