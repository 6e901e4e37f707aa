"""Screenshots: draw a digit in the running app (headless Chromium) and save the README's pictures to docs/.

    python -m benchmarks.screenshots [--folder docs]

A 7 drawn with the mouse on the Draw tab, the same 7 on Inside the CNN and on Learn, the Train
tab 20 s into a run, a 1 drawn on a phone-sized page, the number 42 and a letter A on the Draw tab, and a 7 on
the static site (`python -m cnn.site`) served by a plain static file server. Tests never write these: only this
command does.
"""

import argparse
import tempfile
from pathlib import Path

from benchmarks import browser
from benchmarks.servers import serving, serving_folder
from cnn import config, site


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=config.DOCS_DIRECTORY)
    folder = parser.parse_args(argv).folder
    folder.mkdir(parents=True, exist_ok=True)
    with serving("app.py") as (url, _, _), browser.chromium() as chromium:
        with browser.open_page(chromium, url) as (page, _):
            browser.draw(page, browser.DRAWINGS[7])
            browser.wait_for_answer(page, 7)
            page.wait_for_selector(browser.INPUT_GRID, timeout=10_000)
            page.screenshot(path=str(folder / "screenshot-draw.png"), full_page=True)
            page.get_by_role("tab", name="Inside the CNN").click()
            page.wait_for_selector("#inside-view [data-layer=dense] canvas", timeout=15_000)
            page.screenshot(path=str(folder / "screenshot-inside.png"), full_page=True)
            page.get_by_role("tab", name="Learn").click()
            page.locator("#evidence img").scroll_into_view_if_needed()
            page.wait_for_function("document.querySelector('#evidence img')?.naturalWidth > 0", timeout=20_000)
            page.screenshot(path=str(folder / "screenshot-learn.png"), full_page=True)
            page.get_by_role("tab", name="Train").click()
            page.locator("#train-button").click()
            page.wait_for_timeout(20_000)
            page.screenshot(path=str(folder / "screenshot-train.png"), full_page=True)
            page.locator("#stop-button").click()
        with browser.open_page(chromium, url) as (page, _):
            browser.draw(page, browser.NUMBER_42)
            browser.wait_for_answer(page, "42")
            page.wait_for_selector(browser.INPUT_GRID, timeout=10_000)
            page.screenshot(path=str(folder / "screenshot-number.png"), full_page=True)
            browser.clear(page)
            browser.draw(page, browser.LETTER_A)
            browser.wait_for_answer(page, "not a digit")
            page.screenshot(path=str(folder / "screenshot-not-a-digit.png"), full_page=True)
        with browser.open_page(chromium, url, browser.PHONE) as (page, _):
            browser.draw(page, browser.DRAWINGS[1])
            browser.wait_for_answer(page, 1)
            page.screenshot(path=str(folder / "screenshot-phone.png"))
    with tempfile.TemporaryDirectory() as built, browser.chromium() as chromium:
        site.build(Path(built))
        with serving_folder(Path(built)) as url, browser.open_page(chromium, url) as (page, _):
            browser.draw(page, browser.DRAWINGS[7])
            browser.wait_for_answer(page, 7)
            page.screenshot(path=str(folder / "screenshot-static-site.png"), full_page=True)
    for name in ("draw", "inside", "learn", "train", "phone", "number", "not-a-digit", "static-site"):
        print(folder / f"screenshot-{name}.png")


if __name__ == "__main__":
    main()
