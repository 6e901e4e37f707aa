"""Browser: drive the running app in Debian's Chromium through Playwright (browser tests and README screenshots).

Chromium comes from Debian (`apt-get install -y chromium`); Playwright's own browser
download is never used. Each page is opened fresh and waits until the pad is drawable.
"""

import contextlib
import json
import re
import shutil
import time

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CANVAS = "#sketchpad canvas"
CLEAR = "#sketchpad button.pad-clear"
UNDO = "#sketchpad button.pad-undo"
TOP_CLASS = '#answer [data-testid="reading"]'  # What the page reads: "7", "42", "not a digit" (page.js).
HINT = "#answer .answer-sentence"  # Its sentence, or why there is nothing to read.
INPUT_GRID = "#answer canvas.answer-input"  # The 28x28 input the network read, drawn by the page.
TRAINING_STATUS = "#training-status [data-testid='markdown']"  # Its text alone, not Gradio's progress beside it.
DESKTOP = {"viewport": {"width": 1280, "height": 1000}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}

# (digit, strokes as lists of (x, y) in fractions of the canvas)
DRAWINGS = {
    7: [[(0.25, 0.2), (0.72, 0.2), (0.42, 0.85)]],
    1: [[(0.5, 0.15), (0.5, 0.85)]],
    4: [[(0.55, 0.15), (0.25, 0.6), (0.72, 0.6)], [(0.58, 0.35), (0.58, 0.88)]],
}
# What else people draw: a letter, and a number written small, side by side.
LETTER_A = [[(0.25, 0.85), (0.5, 0.12), (0.75, 0.85)], [(0.34, 0.6), (0.66, 0.6)]]
NUMBER_42 = [[(0.3, 0.3), (0.12, 0.58), (0.4, 0.58)], [(0.32, 0.4), (0.32, 0.75)],
             [(0.55, 0.38), (0.65, 0.3), (0.8, 0.33), (0.8, 0.45), (0.56, 0.74), (0.85, 0.74)]]


@contextlib.contextmanager
def chromium():
    """A headless Chromium (Debian's), closed on exit."""
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        raise RuntimeError("Chromium is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def open_page(browser, url: str, device: dict = DESKTOP, ready: str = CANVAS):
    """A fresh page of the app in its own browser context, ready to draw on; yields (page, seconds to drawable)."""
    context = browser.new_context(**device)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000)
    try:
        yield page, time.perf_counter() - started
    finally:
        context.close()


def canvas_points(page, stroke) -> list[tuple[float, float]]:
    """A stroke in fractions of the pad -> page coordinates (CSS pixels) on the pad's canvas, scrolled into view."""
    page.locator(CANVAS).scroll_into_view_if_needed()
    box = page.locator(CANVAS).bounding_box()
    return [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in stroke]


def draw(page, strokes, steps: int = 12, pause_ms: int = 0) -> float:
    """Draw `strokes` with the mouse; return the moment the pen was last lifted (time.perf_counter)."""
    for stroke in strokes:
        points = canvas_points(page, stroke)
        page.mouse.move(*points[0])
        page.mouse.down()
        for point in points[1:]:
            page.mouse.move(*point, steps=steps)
            if pause_ms:
                page.wait_for_timeout(pause_ms)
        page.mouse.up()
    return time.perf_counter()


def wait_for_answer(page, digit, timeout: float = 15_000, selector: str = TOP_CLASS) -> None:
    """Wait until the answer's text is `digit` (or any other answer: "42", "not a digit")."""
    page.wait_for_function(f"document.querySelector({json.dumps(selector)})?.textContent.trim() === "
                           f"{json.dumps(str(digit))}", timeout=timeout)


def top_class(page) -> str:
    return page.locator(TOP_CLASS).inner_text().strip() if page.locator(TOP_CLASS).count() else ""


def wait_for_hint(page, text: str = "Draw a digit", timeout: float = 10_000) -> None:
    page.wait_for_function(f"(document.querySelector({json.dumps(HINT)})?.textContent || '').includes("
                           f"{json.dumps(text)})", timeout=timeout)


def clear(page) -> None:
    """Press Clear and wait until the page shows the empty pad's hint instead of a digit."""
    page.locator(CLEAR).click()
    wait_for_hint(page)


# Records, from the moment it is called, every change of the answer: window.answers = [[ms, top class, hint]].
# One observer per page; calling it again starts a new record.
RECORD_ANSWERS_JS = """() => {
  window.answers = [];
  window.answersStarted = performance.now();
  const read = () => [document.querySelector('%s')?.textContent.trim() || '',
                      (document.querySelector("%s")?.textContent || '').trim()];
  window.answersLast = '';
  const note = () => { const now = read(), key = JSON.stringify(now);
    if (key !== window.answersLast) {
      window.answersLast = key; window.answers.push([performance.now() - window.answersStarted, ...now]); } };
  note();
  if (!window.answersObserver) {
    window.answersObserver = new MutationObserver(note);
    window.answersObserver.observe(document.body, {subtree: true, childList: true, characterData: true});
  }
}""" % (TOP_CLASS.replace("'", "\\'"), HINT.replace('"', '\\"'))


def sent_drawings(page) -> list:
    """Start collecting the pad values the page sends (from its queue requests); returns the list it fills."""
    values = []

    def collect(request):
        if "queue/join" in request.url and request.post_data:
            data = json.loads(request.post_data).get("data") or []
            if data and isinstance(data[0], dict) and "strokes" in data[0]:
                values.append(data[0])

    page.on("request", collect)
    return values


def zoomed_drawing_page(page, canvas: str, canvas_size: int) -> tuple[float, float, float]:
    """(left, top, side) of the white page inside a stock gr.Sketchpad: its canvas at the toolbar's zoom, centred."""
    box = page.locator(canvas).bounding_box()
    zoom_text = page.locator("#sketchpad").get_by_text(re.compile(r"^\d+%$")).first.inner_text()
    side = canvas_size * int(zoom_text.rstrip("%")) / 100
    return box["x"] + (box["width"] - side) / 2, box["y"] + (box["height"] - side) / 2, side
