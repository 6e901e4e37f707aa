"""Benchmark: the Train tab in headless Chromium: how fast the young network learns, how often the page hears,
and what a run costs the drawing pad of another visitor.

    python -m benchmarks.training [--seconds 125] [--sevens 10]

One server (app.py), two pages. Page A draws sevens and times pen-up -> final answer (as benchmarks.pad
does) before any run. Page B presses Train from scratch (default choices) and records every change of its
status line by the page's clock: the held-out accuracy shown within 20 s and within 120 s of the click, and
the updates a second. Then, the run still training (it stops at 180 s), page A draws its sevens again.
"""

import argparse
import re
import statistics

from benchmarks import browser
from benchmarks.pad import pen_up_to_answer
from benchmarks.servers import serving

STATUS_JS = """(selector) => {
  window.statuses = [];
  const started = performance.now();
  const read = () => document.querySelector(selector)?.innerText || '';
  let last = read();
  new MutationObserver(() => { const now = read();
    if (now !== last) { last = now; window.statuses.push([(performance.now() - started) / 1000, now]); } })
    .observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=125)
    parser.add_argument("--sevens", type=int, default=10)
    arguments = parser.parse_args(argv)
    with serving("app.py") as (url, _, _), browser.chromium() as chromium, \
            browser.open_page(chromium, url) as (drawer, _), browser.open_page(chromium, url) as (trainer, _):
        quiet = pen_up_to_answer(drawer, stock=False, rounds=arguments.sevens)
        trainer.get_by_role("tab", name="Train").click()
        trainer.evaluate(STATUS_JS, browser.TRAINING_STATUS)
        trainer.locator("#train-button").click()
        trainer.wait_for_timeout(arguments.seconds * 1000)
        statuses = trainer.evaluate("window.statuses")
        busy = pen_up_to_answer(drawer, stock=False, rounds=arguments.sevens)
        status_now = trainer.locator(browser.TRAINING_STATUS).inner_text()
        assert status_now.startswith("running"), f"the run ended too soon: {status_now!r}"
    accuracy = [(moment, float(found.group(1)) / 100) for moment, text in statuses
                if (found := re.search(r"held-out accuracy ([\d.]+)%", text))]
    running = [moment for moment, text in statuses if text.startswith("running")]
    rate = (len(running) - 1) / (running[-1] - running[0]) if len(running) > 1 else 0.0
    by_20 = max([value for moment, value in accuracy if moment <= 20], default=0.0)
    by_120 = max([value for moment, value in accuracy if moment <= 120], default=0.0)
    ratio = statistics.median(busy) / statistics.median(quiet)
    print(f"held-out accuracy shown within 20 s of the click: {by_20:.1%} (target >= 90%: "
          f"{'met' if by_20 >= 0.9 else 'NOT met'}); within 120 s: {by_120:.1%} (target >= 97%: "
          f"{'met' if by_120 >= 0.97 else 'NOT met'})")
    print(f"status updates a second while training: {rate:.2f} (target >= 2: {'met' if rate >= 2 else 'NOT met'})")
    print(f"another visitor's pen-up -> final answer: {1000 * statistics.median(quiet):.0f} ms with no run, "
          f"{1000 * statistics.median(busy):.0f} ms while a run trains: {ratio:.2f}x "
          f"(target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
    changes = [(moment, value) for index, (moment, value) in enumerate(accuracy)
               if index == 0 or value != accuracy[index - 1][1]]
    print("held-out accuracy by time: " + ", ".join(f"{moment:.0f} s {value:.1%}" for moment, value in changes))


if __name__ == "__main__":
    main()
