"""Benchmark: the drawing pad against a stock gr.Sketchpad, and opening the other tabs, in headless Chromium.

    python -m benchmarks.pad [--rounds 12] [--baseline 9517aa2]

All on loopback, in one run, medians over repeated strokes:
- drawing's last move (then pen-up) -> final answer: our pad (app.py: the answer, the 28x28 grid and the open tab) against a bare app with
  a stock gr.Sketchpad whose handler only counts the ink (benchmarks/bare_app.py, the floor of any app on it);
- answers a second while the pen moves: a zigzag drawn over 2 s at about 50 moves a second;
- opening Inside the CNN / Learn -> that tab's pictures for the drawing: app.py against the app at the
  --baseline commit (the stock-Sketchpad page), served from a temporary copy of that commit.
The pen-up moment and each change of the page are stamped by the page's own clock (performance.now()).
"""

import argparse
import contextlib
import statistics
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

from benchmarks import bare_app, browser
from benchmarks.servers import REPOSITORY_ROOT, serving

STOCK_CANVAS = "#sketchpad .pixi-target canvas"
STOCK_BRUSH = '#sketchpad button[aria-label="Brush"]'
STOCK_CLEAR = '#sketchpad button[aria-label="Clear canvas"]'
TABS = {"Inside the CNN": "#inside-view [data-layer=conv1] canvas", "Learn": "#field img"}
ANSWER = "#answer .answer"  # Its data-seq names the drawing it shows (page.js).
STOCK_TOP_CLASS = "#prediction [data-testid='label-output-value']"  # The bare app's gr.Label, and the baseline's.

# The page notes its pen-up moments and every change of one element's text or picture, by its own clock.
WATCH_JS = """(selector) => {
  window.penUps = []; window.moves = []; window.changes = []; window.shown = [];
  document.addEventListener('pointerup', () => window.penUps.push(performance.now()), true);
  document.addEventListener('pointermove', () => window.moves.push(performance.now()), true);
  const read = () => { const element = document.querySelector(selector);
                       return element ? (element.dataset.seq || element.src || element.textContent) : ''; };
  let last = read();
  new MutationObserver(() => { const now = read();  // Not while a picture is being replaced (no src for a moment).
    if (now && now !== last) { last = now; window.changes.push(performance.now()); window.shown.push(now); } })
    .observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ['src', 'data-seq']});
}"""
# A 7 whose last segment (the diagonal) comes in one move right before pen-up, so the final answer differs from
# every answer before it.
SEVEN_START, SEVEN_CORNER, SEVEN_END = (0.25, 0.2), (0.72, 0.2), (0.42, 0.85)


def first_change_after_pen_up(page, timeout: float = 10.0) -> float:
    """Seconds from the drawing's final state (its last move; the pen lifts right after) to the first change the
    page showed after it. (The last move can already send the final drawing, so its answer may beat the pen-up.)"""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        last_move, changes = page.evaluate("[window.moves.filter(moment => moment < window.penUps.at(-1)).at(-1), "
                                           "window.changes]")
        later = [moment for moment in changes if moment > last_move]
        if later:
            return (later[0] - last_move) / 1000
        page.wait_for_timeout(5)
    raise TimeoutError("no answer after pen-up")


def stock_points(page, stroke):
    left, top, side = browser.zoomed_drawing_page(page, STOCK_CANVAS, bare_app.CANVAS_SIZE)
    return [(left + x * side, top + y * side) for x, y in stroke]


def seven_answer_time(page, points) -> float:
    """Draw the 7 (its bar first, answered, then the diagonal at once); seconds from pen-up to the answer."""
    start, corner, end = points
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*corner, steps=12)
    page.wait_for_timeout(400)
    page.mouse.move(*end)
    page.mouse.up()
    return first_change_after_pen_up(page)


def pen_up_to_answer(page, stock: bool, rounds: int) -> list[float]:
    """`rounds` sevens on a fresh page, cleared in between; seconds from pen-up to the final answer."""
    page.evaluate(WATCH_JS, STOCK_TOP_CLASS if stock else ANSWER)
    timings = []
    for _ in range(rounds):
        if stock:
            if page.locator(STOCK_BRUSH + ".highlight").count() == 0:
                page.locator(STOCK_BRUSH).click()
            points = stock_points(page, [SEVEN_START, SEVEN_CORNER, SEVEN_END])
        else:
            points = browser.canvas_points(page, [SEVEN_START, SEVEN_CORNER, SEVEN_END])
        timings.append(seven_answer_time(page, points))
        page.locator(STOCK_CLEAR if stock else browser.CLEAR).click()
        page.wait_for_timeout(600)
    return timings


def answers_while_drawing(page, seconds: float = 2.0) -> float:
    """Answers a second shown while a zigzag is drawn for `seconds` (the pen never lifts)."""
    page.evaluate(WATCH_JS, ANSWER)
    zigzag = [(0.15 + 0.7 * (step % 2), 0.1 + 0.8 * step / 6) for step in range(7)]
    points = browser.canvas_points(page, zigzag)
    page.mouse.move(*points[0])
    page.mouse.down()
    started = page.evaluate("performance.now()")
    moves = int(seconds * 50)
    for index in range(1, moves + 1):
        position = index / moves * (len(points) - 1)
        segment = min(int(position), len(points) - 2)
        fraction = position - segment
        page.mouse.move(points[segment][0] + fraction * (points[segment + 1][0] - points[segment][0]),
                        points[segment][1] + fraction * (points[segment + 1][1] - points[segment][1]))
        page.wait_for_timeout(20)
    ended = page.evaluate("performance.now()")
    page.mouse.up()
    # Distinct pictures shown: an answer counts once, however often the page re-renders it.
    distinct = page.evaluate("([started, ended]) => new Set(window.shown.filter((_, index) => "
                             "window.changes[index] > started && window.changes[index] <= ended)).size",
                             [started, ended])
    page.locator(browser.CLEAR).click()
    return distinct / ((ended - started) / 1000)


def tab_opening(page, draw, rounds: int) -> dict:
    """{tab: [seconds from the click until the tab shows its picture and its sentence for the new drawing]},
    drawings alternating between 7 and 4 so that the last drawing's pictures do not count."""
    timings = {name: [] for tab in TABS for name in (tab, tab + " (floor)")}
    for index in range(rounds):
        for tab, selector in draw.tabs.items():
            digit = (7, 4)[index % 2]
            draw(page, browser.DRAWINGS[digit])
            browser.wait_for_answer(page, digit, selector=draw.answer)
            panel = "#inside-tab" if tab == "Inside the CNN" else "#learn-tab"
            started = time.perf_counter()
            page.get_by_role("tab", name=tab).click()
            page.wait_for_function(
                "([selector, panel, digit]) => { const image = document.querySelector(selector);"
                " return image && (image.naturalWidth || image.width) > 0 && image.getBoundingClientRect().width > 0"
                " && document.querySelector(panel).innerText.includes(`It reads ${digit} with`); }",
                arg=[selector, panel, digit], timeout=30_000)
            timings[tab].append(time.perf_counter() - started)
            page.get_by_role("tab", name="Draw").click()
            page.locator(draw.hint).wait_for(state="visible")
            # The floor: the same tab opened again with nothing new to show, until its text is on screen.
            started = time.perf_counter()
            page.get_by_role("tab", name=tab).click()
            page.wait_for_function("(panel) => document.querySelector(panel)?.innerText.includes('It reads')",
                                   arg=panel, timeout=30_000)
            timings[tab + " (floor)"].append(time.perf_counter() - started)
            page.get_by_role("tab", name="Draw").click()
            page.locator(draw.clear_button).click()
            page.wait_for_timeout(600)
    return timings


def draw_on_pad(page, strokes):
    browser.draw(page, strokes)


def draw_on_stock(page, strokes):
    if page.locator(STOCK_BRUSH + ".highlight").count() == 0:
        page.locator(STOCK_BRUSH).click()
    for stroke in strokes:
        points = stock_points(page, stroke)
        page.mouse.move(*points[0])
        page.mouse.down()
        for point in points[1:]:
            page.mouse.move(*point, steps=12)
        page.mouse.up()


draw_on_pad.clear_button, draw_on_pad.answer, draw_on_pad.hint = browser.CLEAR, browser.TOP_CLASS, browser.HINT
draw_on_pad.tabs = TABS
# The page at the baseline commit showed its answer in a gr.Label and its sentence in a Markdown.
draw_on_stock.clear_button, draw_on_stock.answer, draw_on_stock.hint = (
    STOCK_CLEAR, STOCK_TOP_CLASS, "#hint [data-testid='markdown']")
draw_on_stock.tabs = {"Inside the CNN": "#conv1 img", "Learn": "#field img"}


@contextlib.contextmanager
def copy_of_commit(commit: str):
    """A temporary folder holding the repository's files at `commit`."""
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "commit.tar"
        subprocess.run(["git", "archive", "--output", str(archive), commit], cwd=REPOSITORY_ROOT, check=True)
        with tarfile.open(archive) as files:
            files.extractall(Path(folder) / "tree", filter="data")
        yield Path(folder) / "tree"


def milliseconds(values) -> str:
    return f"median {1000 * statistics.median(values):.0f} ms (range {1000 * min(values):.0f}-{1000 * max(values):.0f})"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--baseline", default="9517aa2", help="commit of the page before the pad (stock Sketchpad)")
    arguments = parser.parse_args(argv)
    with browser.chromium() as chromium:
        with serving("app.py") as (url, _, _), browser.open_page(chromium, url) as (page, _):
            ours = pen_up_to_answer(page, stock=False, rounds=arguments.rounds)
            rates = [answers_while_drawing(page) for _ in range(3)]
            tabs = tab_opening(page, draw_on_pad, arguments.rounds // 2)
        with serving("benchmarks/bare_app.py") as (url, _, _), \
                browser.open_page(chromium, url, ready=STOCK_CANVAS) as (page, _):
            stock = pen_up_to_answer(page, stock=True, rounds=arguments.rounds)
        with copy_of_commit(arguments.baseline) as tree, serving("app.py", root=tree) as (url, _, _), \
                browser.open_page(chromium, url, ready=STOCK_CANVAS) as (page, _):
            baseline_tabs = tab_opening(page, draw_on_stock, arguments.rounds // 2)
    ratio = statistics.median(ours) / statistics.median(stock)
    print(f"pen-up -> final answer, {arguments.rounds} sevens each:")
    print(f"  our pad (app.py)               {milliseconds(ours)}")
    print(f"  stock gr.Sketchpad (bare app)  {milliseconds(stock)}")
    print(f"  ratio {ratio:.2f}x (target <= 0.25x: {'met' if ratio <= 0.25 else 'NOT met'})")
    print(f"answers a second while the pen moves: {', '.join(f'{rate:.1f}' for rate in rates)} "
          f"(target >= 5: {'met' if min(rates) >= 5 else 'NOT met'})")
    for tab in TABS:
        print(f"opening {tab} again with nothing new (Gradio's tab switch): {milliseconds(tabs[tab + ' (floor)'])}")
        now, before = statistics.median(tabs[tab]), statistics.median(baseline_tabs[tab])
        print(f"opening {tab}: {milliseconds(tabs[tab])}; at {arguments.baseline} {milliseconds(baseline_tabs[tab])}; "
              f"ratio {now / before:.2f}x (target <= 0.25x: {'met' if now / before <= 0.25 else 'NOT met'})")


if __name__ == "__main__":
    main()
