"""In a real browser: draw with the mouse (no tool selected first), read the answer, open Inside the CNN.

Runs Debian's Chromium through Playwright (benchmarks.browser). Without Chromium it
skips locally, but under CI (CI=true, which .ci/run exports) a missing browser is a
failure, never a skip. Every test opens a page of its own; none writes outside its
temporary folder (the README's screenshots come from `python -m benchmarks.screenshots`).
"""

import os
import time

import pytest

import app
from benchmarks import browser as chromium_tools
from benchmarks.browser import DRAWINGS, TOP_CLASS, clear, draw, top_class, wait_for_answer

if chromium_tools.CHROMIUM is None and os.environ.get("CI") != "true":
    pytest.skip("Chromium is not installed (apt-get install -y chromium); CI installs it", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with chromium_tools.chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, served_app):
    with chromium_tools.open_page(browser, served_app) as (page, seconds):
        print(f"\npage load to a drawable canvas: {seconds:.2f} s")
        yield page


def drawn(page, digit: int) -> float:
    """Draw `digit` (one of DRAWINGS) and wait for its answer; return the pen-up moment."""
    lifted = draw(page, DRAWINGS[digit], app.CANVAS_SIZE)
    wait_for_answer(page, digit)
    return lifted


@pytest.mark.parametrize("digit", list(DRAWINGS))
def test_drawing_with_the_mouse_is_read(page, digit):
    lifted = drawn(page, digit)
    print(f"\npen-up to answer for {digit}: {1000 * (time.perf_counter() - lifted):.0f} ms")
    page.wait_for_selector("#pixels img", timeout=10_000)
    assert page.locator("#hint").inner_text().startswith(f"It reads {digit} with")


def test_inside_the_cnn_shows_every_layer_for_the_drawing(page):
    drawn(page, 7)
    page.get_by_role("tab", name="Inside the CNN").click()
    # conv1's 32 maps arrive at one pixel per value (231 px wide) and are shown enlarged, crisp.
    page.wait_for_function("document.querySelector('#conv1 img')?.naturalWidth === 231", timeout=15_000)
    for layer in ("pool1", "conv2", "pool2", "dense"):
        page.wait_for_selector(f"#{layer} img", timeout=15_000)
    shown = page.eval_on_selector("#conv1 img", "image => [image.getBoundingClientRect().width, "
                                                "getComputedStyle(image).imageRendering]")
    assert shown[0] > 2 * 231 and shown[1] == "pixelated"


def test_clearing_the_pad_shows_a_hint_not_a_guess_and_goes_quiet(page):
    # Right after coming back from another tab, as in class: with one event per view, Gradio 6.31 then
    # sometimes re-sent the cleared pad, alternating with the old drawing, 30-40 requests a second.
    drawn(page, 1)
    page.get_by_role("tab", name="Inside the CNN").click()
    page.wait_for_selector("#conv1 img", timeout=15_000)
    page.get_by_role("tab", name="Draw").click()
    requests = []
    count_request = lambda request: requests.append(time.perf_counter()) if "queue/join" in request.url else None
    page.on("request", count_request)
    try:
        clear(page)
        page.wait_for_timeout(1500)  # A late answer for the old drawing would have arrived by now.
        quiet_from = time.perf_counter()
        page.wait_for_timeout(1500)
    finally:
        page.remove_listener("request", count_request)
    page.wait_for_function("document.querySelector('#hint').textContent.includes('Draw a digit')", timeout=10_000)
    assert not top_class(page).isdigit()
    assert page.locator('#prediction .bar, #prediction .confidence-set').count() == 0
    assert 1 <= len(requests) <= 3, f"{len(requests)} requests after one Clear"
    assert not [moment for moment in requests if moment >= quiet_from]


def test_learn_tab_explains_the_drawing(page):
    drawn(page, 7)
    page.get_by_role("tab", name="Learn").click()
    page.wait_for_function("document.querySelector('#learn-tab').textContent.includes('The layer itself computed')",
                           timeout=20_000)
    page.wait_for_function("document.querySelectorAll('#learn-tab img').length >= 4", timeout=15_000)
    learn_text = page.locator("#learn-tab").inner_text()
    assert "ReLU" in learn_text and "3 px" in learn_text and "softmax" in learn_text
    # A click on the input picks the conv1 unit over the clicked pixel, here pixel (7, 7).
    field = page.locator("#field img")
    field.scroll_into_view_if_needed()
    box = field.bounding_box()
    natural = field.evaluate("image => [image.naturalWidth, image.naturalHeight]")
    scale = min(box["width"] / natural[0], box["height"] / natural[1], 1)  # As shown: never enlarged.
    left, top = (box["width"] - natural[0] * scale) / 2, (box["height"] - natural[1] * scale) / 2
    pixel = natural[0] * scale / 28
    field.click(position={"x": left + 7.5 * pixel, "y": top + 7.5 * pixel})
    page.wait_for_function("document.querySelector('#learn-tab').textContent.includes('conv1, row 7, column 7,')",
                           timeout=15_000)
    # The evidence pictures load once scrolled to (the page loads pictures lazily): two 28x28 maps, 1 px apart.
    page.locator("#evidence img").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#evidence img')?.naturalWidth === 57", timeout=15_000)


def test_an_example_takes_the_drawing_path(page):
    page.get_by_text("Or upload a photo or scan of one digit").click()
    page.locator("#upload").wait_for(state="visible", timeout=10_000)
    examples = page.locator(".gallery-item, [data-testid='examples'] button, table.examples-table td, .example")
    examples.nth(3).click()
    page.wait_for_function(f"document.querySelector('{TOP_CLASS}')?.textContent.trim() === '3'", timeout=20_000)


def test_it_works_on_a_phone(browser, served_app):
    with chromium_tools.open_page(browser, served_app, chromium_tools.PHONE) as (page, _):
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        left, _, side = chromium_tools.drawing_page(page, app.CANVAS_SIZE)
        assert left >= 0 and left + side <= 390
        drawn(page, 1)
