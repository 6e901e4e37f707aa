"""In a real browser: draw with the mouse or a finger, see the answer follow the pen, clear, open the other tabs.

Runs Debian's Chromium through Playwright (benchmarks.browser). Without Chromium it
skips locally, but under CI (CI=true, which .ci/run exports) a missing browser is a
failure, never a skip. Every test opens a page of its own; none writes outside its
temporary folder (the README's screenshots come from `python -m benchmarks.screenshots`).
"""

import time

import numpy as np
import pytest

import cnn
from benchmarks import browser as chromium_tools
from benchmarks.browser import (CANVAS, CLEAR, DRAWINGS, RECORD_ANSWERS_JS, UNDO, draw, top_class,
                                wait_for_answer, wait_for_hint)
from cnn import site

@pytest.fixture
def page(browser, served_app):
    with chromium_tools.open_page(browser, served_app) as (page, seconds):
        print(f"\npage load to a drawable canvas: {seconds:.2f} s")
        yield page


def drawn(page, digit: int, steps: int = 12) -> float:
    """Draw `digit` (one of DRAWINGS) and wait for its answer; return the pen-up moment."""
    lifted = draw(page, DRAWINGS[digit], steps=steps)
    wait_for_answer(page, digit)
    return lifted


def hint(page) -> str:
    return page.locator(chromium_tools.HINT).inner_text().strip()


@pytest.mark.parametrize("digit", list(DRAWINGS))
def test_drawing_with_the_mouse_is_read(page, digit):
    lifted = drawn(page, digit)
    print(f"\npen-up to answer for {digit}: {1000 * (time.perf_counter() - lifted):.0f} ms")
    page.wait_for_selector(chromium_tools.INPUT_GRID, timeout=10_000)
    assert hint(page).startswith(f"It reads {digit} with")


def test_a_letter_is_not_a_digit_and_a_number_is_read_digit_by_digit(page):
    draw(page, chromium_tools.LETTER_A)
    wait_for_answer(page, "not a digit")
    assert hint(page).startswith("That doesn't look like a digit (closest: ")
    chromium_tools.clear(page)
    draw(page, chromium_tools.NUMBER_42)
    wait_for_answer(page, "42")
    assert hint(page) == "It reads 42."
    assert page.locator(f"{chromium_tools.INPUT_GRID}").count() == 2  # Each digit's input, side by side.


def test_the_answer_follows_the_pen_before_it_is_lifted(page):
    page.evaluate(RECORD_ANSWERS_JS)
    points = chromium_tools.canvas_points(page, DRAWINGS[7][0])
    page.mouse.move(*points[0])
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*point, steps=30)
        page.wait_for_timeout(400)  # A person's pace: the pen rests at the corner and at the end.
    wait_for_answer(page, 7)  # The pen is still down.
    page.mouse.up()
    answers = page.evaluate("window.answers")
    assert any(label.isdigit() for _, label, _ in answers)


def test_the_page_reads_the_strokes_where_the_mouse_went_as_to_mnist_does(page):
    draw(page, DRAWINGS[4])
    wait_for_answer(page, 4)
    box = page.locator(CANVAS).bounding_box()
    value = page.evaluate("DrawADigit.padValue()")
    # The points are where the mouse went, in the pad's units (to a CSS pixel).
    intended = [[(x * site.PAD_SIDE, y * site.PAD_SIDE) for x, y in stroke] for stroke in DRAWINGS[4]]
    assert len(value["strokes"]) == 2 and value["side"] == site.PAD_SIDE and value["pen"] == site.PEN_WIDTH
    for points, wanted in zip(value["strokes"], intended):
        for end in (0, -1):
            np.testing.assert_allclose(points[end][:2], wanted[end], atol=site.PAD_SIDE / box["width"])
    # The 28x28 input the page read and shows is cnn.to_mnist's reading of exactly those strokes.
    shown = np.array(page.evaluate("Array.from(DrawADigit.current().readings[0].image)")).reshape(28, 28)
    assert np.abs(shown - cnn.to_mnist(value)).mean() < 1e-6
    page.wait_for_selector(chromium_tools.INPUT_GRID, timeout=10_000)


def test_clear_always_wins_over_an_answer_in_flight_20_of_20(page):
    """Clear right after an answer, after a visit to another tab, or with the pen still moving (answers in flight):
    the hint shows and no answer comes after it. The next drawing starts at once, so a late one would be recorded."""
    failures = []
    for attempt in range(20):
        digit = list(DRAWINGS)[attempt % len(DRAWINGS)]
        drawn(page, digit, steps=4)
        way = ("after the answer", "after another tab", "while drawing")[attempt % 3]
        if way == "after another tab":
            page.get_by_role("tab", name="Inside the CNN").click()
            page.get_by_role("tab", name="Draw").click()
        page.evaluate(RECORD_ANSWERS_JS)
        if way == "while drawing":
            points = chromium_tools.canvas_points(page, [(0.3, 0.5), (0.7, 0.55)])
            page.mouse.move(*points[0])
            page.mouse.down()
            page.mouse.move(*points[1], steps=15)
            page.keyboard.press("Escape")  # The pad has the keyboard since the pen touched it.
            page.mouse.up()
        else:
            page.locator(CLEAR).click()
        wait_for_hint(page)
        answers = page.evaluate("window.answers")
        hinted = next(index for index, (_, _, text) in enumerate(answers) if text.startswith("Draw a digit"))
        if any(label or not text.startswith("Draw a digit") for _, label, text in answers[hinted:]):
            failures.append((attempt, way, answers))
    drawn(page, 1)
    assert failures == []


def test_undo_takes_back_the_last_stroke_and_keys_work(page):
    drawn(page, 4)
    page.locator(UNDO).click()
    page.wait_for_function(f"document.querySelector({chromium_tools.json.dumps(chromium_tools.TOP_CLASS)})"
                           "?.textContent.trim() !== '4'", timeout=10_000)
    page.locator(UNDO).click()  # The last stroke: the pad is empty again.
    wait_for_hint(page)
    assert top_class(page) == ""
    drawn(page, 7)
    page.locator(CANVAS).focus()
    page.keyboard.press("Escape")
    wait_for_hint(page)
    assert page.locator(CLEAR).inner_text() == "Clear"


def test_inside_the_cnn_shows_the_drawing_at_once_and_follows_it(page):
    drawn(page, 7)
    page.get_by_role("tab", name="Inside the CNN").click()
    inside = "#inside-view"
    # conv1's 32 maps at one canvas pixel per value (8 across: 231 px wide), shown enlarged and crisp.
    assert page.eval_on_selector(f"{inside} [data-layer=conv1] canvas", "canvas => canvas.width") == 231
    for layer in ("pool1", "conv2", "pool2", "dense", "output"):
        assert page.locator(f"{inside} [data-layer={layer}]").count() == 1
    assert "It reads 7" in page.locator(inside).inner_text()
    shown = page.eval_on_selector(f"{inside} [data-layer=conv1] canvas", "canvas => [canvas.getBoundingClientRect()"
                                  ".width, getComputedStyle(canvas).imageRendering]")
    assert shown[0] > 231 and shown[1] == "pixelated"
    page.get_by_role("tab", name="Draw").click()
    chromium_tools.clear(page)
    drawn(page, 1)
    page.get_by_role("tab", name="Inside the CNN").click()
    # Redrawn as the tab shows (a hidden view is drawn when it is shown), within a frame or two.
    page.wait_for_function(f"document.querySelector('{inside}').innerText.includes('It reads 1')", timeout=5_000)


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


def test_an_example_is_read_and_a_drawing_replaces_it(page):
    drawn(page, 7)  # A photo chosen after a drawing empties the pad and is read instead.
    page.get_by_text("Or upload a photo or scan of a digit or a number").click()
    page.locator("#upload").wait_for(state="visible", timeout=10_000)
    examples = page.locator(".gallery-item, [data-testid='examples'] button, table.examples-table td, .example")
    examples.nth(3).click()
    wait_for_answer(page, 3, timeout=20_000)
    assert page.evaluate("DrawADigit.padValue().strokes.length") == 0
    drawn(page, 1)  # Something drawn on the pad is read instead of the photo.


def test_it_works_on_a_phone_with_a_finger(browser, served_app):
    with chromium_tools.open_page(browser, served_app, chromium_tools.PHONE) as (page, _):
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator(CANVAS).scroll_into_view_if_needed()
        box = page.locator(CANVAS).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        # Crisp: a canvas pixel for each of the phone's (3 per CSS pixel).
        assert page.eval_on_selector(CANVAS, "canvas => canvas.width") == round(3 * box["width"])
        scrolled = page.evaluate("window.scrollY")
        touch = page.context.new_cdp_session(page)
        points = chromium_tools.canvas_points(page, DRAWINGS[1][0])
        path = [points[0] + (np.subtract(points[1], points[0])) * t for t in np.linspace(0, 1, 20)]
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [
            {"x": float(path[0][0]), "y": float(path[0][1])}]})
        for x, y in path[1:]:
            touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": float(x), "y": float(y)}]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        wait_for_answer(page, 1)
        assert page.evaluate("window.scrollY") == scrolled  # Drawing did not scroll the page.


def test_the_train_tab_learns_in_front_of_the_learner(page):
    drawn(page, 7)
    page.get_by_role("tab", name="Train").click()
    page.locator("#train-button").click()
    # The held-out accuracy climbs from chance past 80% within seconds, and the young network reads the 7.
    page.wait_for_function("Number(document.querySelector('#training-status')?.innerText"
                           ".match(/held-out accuracy ([\\d.]+)%/)?.[1]) >= 80", timeout=60_000)
    page.wait_for_selector("#young-conv1 img", timeout=10_000)
    page.wait_for_selector("#loss-plot canvas, #loss-plot svg", timeout=10_000)
    page.locator("#stop-button").click()
    # The run stops after its current batch and the page hears of it at its next poll; 15 s ran out once with a
    # training run, two test workers and this browser on two cores, so the wait is generous (it is no timing).
    page.wait_for_function("document.querySelector('#training-summary')?.innerText.includes('Run over (stopped)')",
                           timeout=45_000)
    assert page.locator("#young-reading").count() == 1
