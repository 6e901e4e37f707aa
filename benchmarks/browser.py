"""Browser: drive the running app in Debian's Chromium through Playwright (browser tests and README screenshots).

Chromium comes from Debian (`apt-get install -y chromium`); Playwright's own browser
download is never used. Each page is opened fresh and waits until the pad is drawable.
"""

import contextlib
import re
import shutil
import time

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CANVAS = "#sketchpad .pixi-target canvas"
BRUSH_SELECTED = '#sketchpad button[aria-label="Brush"].highlight'
TOP_CLASS = '#prediction [data-testid="label-output-value"]'
DESKTOP = {"viewport": {"width": 1280, "height": 1000}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}

# (digit, strokes as lists of (x, y) in fractions of the canvas)
DRAWINGS = {
    7: [[(0.25, 0.2), (0.72, 0.2), (0.42, 0.85)]],
    1: [[(0.5, 0.15), (0.5, 0.85)]],
    4: [[(0.55, 0.15), (0.25, 0.6), (0.72, 0.6)], [(0.58, 0.35), (0.58, 0.88)]],
}


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
def open_page(browser, url: str, device: dict = DESKTOP):
    """A fresh page of the app in its own browser context, ready to draw on; yields (page, seconds to drawable)."""
    context = browser.new_context(**device)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(CANVAS, timeout=60_000)
    page.wait_for_selector(BRUSH_SELECTED, timeout=30_000)
    try:
        yield page, time.perf_counter() - started
    finally:
        context.close()


def drawing_page(page, canvas_size: int) -> tuple[float, float, float]:
    """(left, top, side) of the white page inside the editor: the canvas at the toolbar's zoom, centred."""
    box = page.locator(CANVAS).bounding_box()
    zoom_text = page.locator("#sketchpad").get_by_text(re.compile(r"^\d+%$")).first.inner_text()
    side = canvas_size * int(zoom_text.rstrip("%")) / 100
    return box["x"] + (box["width"] - side) / 2, box["y"] + (box["height"] - side) / 2, side


def draw(page, strokes, canvas_size: int) -> float:
    """Draw `strokes` with the mouse; return the moment the pen was last lifted (time.perf_counter)."""
    left, top, side = drawing_page(page, canvas_size)
    for stroke in strokes:
        points = [(left + x * side, top + y * side) for x, y in stroke]
        page.mouse.move(*points[0])
        page.mouse.down()
        for point in points[1:]:
            page.mouse.move(*point, steps=12)
        page.mouse.up()
        page.wait_for_timeout(150)
    return time.perf_counter()


def wait_for_answer(page, digit: int, timeout: float = 15_000) -> None:
    page.wait_for_function(f"document.querySelector('{TOP_CLASS}')?.textContent.trim() === '{digit}'",
                           timeout=timeout)


def top_class(page) -> str:
    return page.locator(TOP_CLASS).inner_text().strip() if page.locator(TOP_CLASS).count() else ""


def clear(page) -> None:
    """Press Clear and wait until the label shows the empty pad's hint instead of a digit."""
    page.locator('#sketchpad button[aria-label="Clear canvas"]').click()
    page.wait_for_function(f"(document.querySelector('{TOP_CLASS}')?.textContent || '').includes('Draw a digit')",
                           timeout=10_000)
