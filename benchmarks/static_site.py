"""Static site: build it (`python -m cnn.site`), serve it with a plain static file server, and time a visitor.

    python -m benchmarks.static_site [--rounds 10]

Prints the site's size, and medians over --rounds fresh pages (a new browser context each: nothing cached) of:
the page opening -> ready to answer (the network's weights fetched; the page's own clock, from navigation), and a
7 drawn with the mouse: pen-up -> answer on screen. Then, offline, that a loaded page still answers.
"""

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmarks import browser
from benchmarks.servers import serving_folder
from cnn import site

READY_JS = "document.querySelector('#answer .answer')?.dataset.kind === 'empty'"
# The pen-up moment and the first frame after the answer for the final drawing is in place.
PEN_UP_TO_ANSWER_JS = """async () => {
  const answer = document.querySelector('#answer .answer');
  const started = window.penUp;
  while (answer.dataset.seq !== String(DrawADigit.padValue().seq)) await new Promise(r => setTimeout(r, 1));
  await new Promise(resolve => requestAnimationFrame(resolve));
  return performance.now() - started;
}"""


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        files = site.build(Path(folder))
        size = sum(path.stat().st_size for path in files)
        ready, answered = [], []
        with serving_folder(Path(folder)) as url, browser.chromium() as chrome:
            for _ in range(arguments.rounds):
                with browser.open_page(chrome, url) as (page, _):
                    page.wait_for_function(READY_JS, timeout=30_000)
                    ready.append(page.evaluate("performance.now()") / 1000)  # Since navigation started.
                    page.evaluate("document.addEventListener('pointerup', () => { window.penUp = performance.now(); }, "
                                  "true)")
                    browser.draw(page, browser.DRAWINGS[7])
                    answered.append(page.evaluate(PEN_UP_TO_ANSWER_JS) / 1000)
                    assert browser.top_class(page) == "7", browser.top_class(page)
                    page.context.set_offline(True)
                    browser.clear(page)
                    browser.draw(page, browser.DRAWINGS[4])
                    browser.wait_for_answer(page, 4)
    print(f"the static site: {len(files)} files, {size / 1e6:.2f} MB (target <= 3 MB)")
    print(f"page opened -> ready to answer: median {statistics.median(ready):.2f} s (range {min(ready):.2f}-"
          f"{max(ready):.2f}) over {arguments.rounds} fresh pages (target: first answer <= 1 s after the page loads)")
    print(f"pen-up -> answer on screen: median {1000 * statistics.median(answered):.0f} ms (range "
          f"{1000 * min(answered):.0f}-{1000 * max(answered):.0f}); every page still answered offline")


if __name__ == "__main__":
    main()
