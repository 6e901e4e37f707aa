"""Classroom: N visitors on one app at once, each a real page in Chromium, as a class with the Space on a projector.

    python -m benchmarks.classroom [--visitors 1,3,10,30] [--seconds 20] [--drawing 3]

The page reads the pad itself (cnn/static/reading.js), so what a class costs the server is what its pages still
ask of it. For each N, N pages of `python app.py` are opened (one browser, a context each, as N devices). Up to
--drawing of them draw digits stroke after stroke for --seconds, the pen moving at 60 events a second, each driven
by its own script; every other page meanwhile opens the Learn tab once (the heaviest thing a page asks of the
server, its lessons worked out on the page's drawing, a 7), staggered over the run, and goes back to Draw. Each drawing page
stamps with its own clock the pen-up and the first animation frame after its answer changed (the answer on
screen) and counts the answers it shows while the pen moves. The server's CPU time over the run is read from /proc.

Printed per N: pen-up -> answer p50 / p95 and answers a second each while drawing (median page, slowest page), the
server's CPU per answer shown and its share of a core, Learn opened -> its lessons shown p50 / p95, and errors
(page errors, failed requests, a pen-up with no answer, a wrong digit).

The drawing pages are kept few on purpose: every page here runs on this machine's two cores, and a page's own
work (painting the pen, reading, drawing the answer: about a tenth of a core while drawing) is its visitor's
device's work, not the server's; thirty of them would measure this laptop. The other pages are connected the
whole time, frozen between their actions (Chromium's page lifecycle: their scripts stop, their connections stay
open) so that their devices' idle work (Gradio's page takes 3-4% of a core doing nothing) is not this machine's.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

from benchmarks import browser
from benchmarks.servers import serving

# A digit as strokes in fractions of the pad (benchmarks.browser's 4, 7 and 1), drawn in turn.
DIGITS = [browser.DRAWINGS[4], browser.DRAWINGS[7], browser.DRAWINGS[1]]
MOVES_PER_SECOND = 60
STROKE_SECONDS = 0.8
PAUSE_SECONDS = 0.3  # Between strokes, and after a digit before the next.

# The Learn tab shows its lessons for the page's drawing: the unit's arithmetic is written out.
LEARN_SHOWN_JS = "document.querySelector('#learn-tab')?.textContent.includes('The layer itself computed')"

# Runs in each page: draws DIGITS again and again until `seconds` have passed, from the moment `startAt` (epoch
# ms, the same for every page); returns what the page saw.
DRIVE_JS = """async ({digits, seconds, startAt, movesPerSecond, strokeSeconds, pauseSeconds}) => {
  const canvas = document.querySelector('#sketchpad canvas');
  const answer = document.querySelector('#answer .answer');
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  let answers = 0;
  new MutationObserver(() => answers++).observe(answer, {attributes: true, attributeFilter: ['data-seq']});
  const fire = (type, [x, y]) => {
    const box = canvas.getBoundingClientRect();
    canvas.dispatchEvent(new PointerEvent(type, {pointerId: 1, pointerType: 'mouse', isPrimary: true, bubbles: true,
      cancelable: true, button: 0, buttons: type === 'pointerup' ? 0 : 1, pressure: type === 'pointerup' ? 0 : 0.5,
      clientX: box.left + x * box.width, clientY: box.top + y * box.height}));
  };
  const seen = {penUps: [], unanswered: 0, wrong: [], movingMs: 0, answersWhileMoving: 0};
  await sleep(Math.max(0, startAt - Date.now()));
  const end = performance.now() + seconds * 1000;
  for (let round = 0; performance.now() < end; round++) {
    const digit = digits[round % digits.length];
    document.querySelector('#sketchpad .pad-clear').click();
    for (const stroke of digit.strokes) {
      const moves = Math.round(strokeSeconds * movesPerSecond), started = performance.now(), before = answers;
      fire('pointerdown', stroke[0]);
      for (let move = 1; move <= moves; move++) {
        const along = move / moves * (stroke.length - 1), index = Math.min(Math.floor(along), stroke.length - 2);
        const fraction = along - index, [a, b] = [stroke[index], stroke[index + 1]];
        fire('pointermove', [a[0] + (b[0] - a[0]) * fraction, a[1] + (b[1] - a[1]) * fraction]);
        await sleep(1000 / movesPerSecond);
      }
      seen.movingMs += performance.now() - started;
      seen.answersWhileMoving += answers - before;
      const lifted = performance.now();
      fire('pointerup', stroke[stroke.length - 1]);
      const expected = String(DrawADigit.padValue().seq);
      while (answer.dataset.seq !== expected && performance.now() - lifted < 5000) await sleep(1);
      await frame();
      if (answer.dataset.seq !== expected) seen.unanswered++;
      else seen.penUps.push(performance.now() - lifted);
      await sleep(pauseSeconds * 1000);
    }
    const label = answer.querySelector('[data-testid=reading]').textContent;
    if (label !== digit.label) seen.wrong.push(label);
  }
  return seen;
}"""


def cpu_seconds(pid: int) -> float:
    """A process's user and system CPU time so far, in seconds (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# The app serves its page first and loads the network (TensorFlow, the Learn tab's figures) in a thread after; its
# idle CPU is measured once a second of the server's time takes less than this share of a core.
SETTLED_SHARE = 0.2
SETTLE_TIMEOUT_SECONDS = 90


def settle(pid: int) -> None:
    """Wait until the process's CPU use falls under SETTLED_SHARE of a core over a second (its start-up work done)."""
    deadline = time.perf_counter() + SETTLE_TIMEOUT_SECONDS
    while time.perf_counter() < deadline:
        before = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - before < SETTLED_SHARE:
            return
    raise RuntimeError(f"the server kept a core busy for {SETTLE_TIMEOUT_SECONDS} s after serving its page")


def aborted_by_the_page(request) -> bool:
    """Gradio's page closes its stream of queue events itself once its events are answered (Chromium reports
    net::ERR_ABORTED, with one page and no load too): not an error. Neither is a page closed at the end."""
    return request.failure == "net::ERR_ABORTED" and "/queue/data" in request.url


def lifecycle(page, state: str) -> None:
    """Freeze a page ("frozen": its scripts and timers stop, its connections to the server stay open) or wake it
    ("active"). A page between its actions costs its visitor's device, not this machine, a few percent of a core:
    Gradio's own page does that much while idle."""
    page.context.new_cdp_session(page).send("Page.setWebLifecycleState", {"state": state})


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run(url: str, pid: int, chrome, visitors: int, seconds: float, drawing: int) -> dict:
    """Open `visitors` pages; `drawing` of them draw for `seconds` while every page opens Learn once; returns the
    figures of one table row."""
    pages, errors, closing = [], [], []
    for _ in range(visitors):
        context = chrome.new_context(**browser.DESKTOP)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        page.on("requestfailed", lambda request: closing or aborted_by_the_page(request) or errors.append(
            f"failed ({request.failure}): {request.url}"))
        page.goto(url)
        page.wait_for_function("document.querySelector('#answer .answer')?.dataset.kind === 'empty'", timeout=60_000)
        pages.append(page)
    drawers, others = pages[:drawing], pages[drawing:]
    for page in others:  # Something to explain when they open Learn: a 7.
        browser.draw(page, browser.DRAWINGS[7], steps=4)
        lifecycle(page, "frozen")
    start_at = int(time.time() * 1000) + 1500
    digits = [{"strokes": strokes, "label": str(digit)} for digit, strokes in zip((4, 7, 1), DIGITS)]
    arguments = {"digits": digits, "seconds": seconds, "startAt": start_at, "movesPerSecond": MOVES_PER_SECOND,
                 "strokeSeconds": STROKE_SECONDS, "pauseSeconds": PAUSE_SECONDS}
    # Start every drawing page's drive without waiting for it: each page draws on its own.
    for page in drawers:
        page.evaluate("(options) => { window.__seen = (%s)(options); }" % DRIVE_JS, arguments)
    time.sleep(max(0.0, start_at / 1000 - time.time()))
    cpu_before, wall_before = cpu_seconds(pid), time.perf_counter()
    learn_seconds = []
    for index, page in enumerate(others):  # Learn opened by every other page in turn, spread over the run.
        time.sleep(max(0.0, wall_before + seconds * (index + 0.5) / len(others) - time.perf_counter()))
        lifecycle(page, "active")
        opened = time.perf_counter()
        page.get_by_role("tab", name="Learn").click()
        try:
            page.wait_for_function(LEARN_SHOWN_JS, timeout=30_000)
            learn_seconds.append(time.perf_counter() - opened)
        except Exception:  # Any failure counts as an error for the report.
            errors.append("Learn did not show its lessons within 30 s")
        page.get_by_role("tab", name="Draw").click()
        lifecycle(page, "frozen")
    seen = [page.evaluate("window.__seen") for page in drawers]  # Each resolves when its page has finished.
    server_cpu, wall = cpu_seconds(pid) - cpu_before, time.perf_counter() - wall_before
    closing.append(True)
    for page in pages:
        page.context.close()
    pen_ups = [value for page_seen in seen for value in page_seen["penUps"]]
    rates = [1000 * page_seen["answersWhileMoving"] / page_seen["movingMs"] for page_seen in seen]
    answers = sum(page_seen["answersWhileMoving"] + len(page_seen["penUps"]) for page_seen in seen)
    errors += [f"no answer after a pen-up ({page_seen['unanswered']})" for page_seen in seen if page_seen["unanswered"]]
    errors += [f"read {label}" for page_seen in seen for label in page_seen["wrong"]]
    return {"visitors": visitors, "drawing": len(drawers), "p50": statistics.median(pen_ups),
            "p95": percentile(pen_ups, 0.95), "rate": statistics.median(rates), "slowest rate": min(rates),
            "cpu per answer": 1000 * server_cpu / max(answers, 1), "server cpu share": server_cpu / wall,
            "learn p50": statistics.median(learn_seconds) if learn_seconds else float("nan"),
            "learn p95": percentile(learn_seconds, 0.95) if learn_seconds else float("nan"), "errors": errors}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", default="1,3,10,30", help="comma-separated numbers of pages open at once")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long the pages draw")
    parser.add_argument("--drawing", type=int, default=3, help="how many of the pages draw and are timed")
    arguments = parser.parse_args(argv)
    rows = []
    with serving("app.py") as (url, process, _), browser.chromium() as chrome:
        settle(process.pid)
        idle_before, idle_wall = cpu_seconds(process.pid), time.perf_counter()
        time.sleep(5)
        idle = (cpu_seconds(process.pid) - idle_before) / (time.perf_counter() - idle_wall)
        print(f"the server idle, no page open: {idle:.1%} of a core", flush=True)
        for visitors in (int(count) for count in arguments.visitors.split(",")):
            row = run(url, process.pid, chrome, visitors, arguments.seconds, min(visitors, arguments.drawing))
            rows.append(row)
            print(f"{visitors} visitors ({row['drawing']} drawing): pen-up -> answer p50 {row['p50']:.0f} ms, p95 "
                  f"{row['p95']:.0f} ms; {row['rate']:.1f} answers/s each while drawing (slowest page "
                  f"{row['slowest rate']:.1f}); server CPU {row['cpu per answer']:.2f} ms an answer "
                  f"({row['server cpu share']:.1%} of a core); Learn p50 {row['learn p50']:.2f} s, p95 "
                  f"{row['learn p95']:.2f} s; {len(row['errors'])} errors {row['errors'][:3]}", flush=True)
    print(f"\n| visitors (drawing) | pen-up -> answer p50 / p95 | answers/s each while drawing (slowest page) | server "
          f"CPU per answer (share of a core; idle {idle:.1%}) | Learn opened -> shown p50 / p95 | errors |\n"
          "|---|---|---|---|---|---|")
    for row in rows:
        learn = "-" if row["learn p50"] != row["learn p50"] else f"{row['learn p50']:.2f} s / {row['learn p95']:.2f} s"
        print(f"| {row['visitors']} ({row['drawing']}) | {row['p50']:.0f} ms / {row['p95']:.0f} ms | {row['rate']:.1f} "
              f"({row['slowest rate']:.1f}) | {row['cpu per answer']:.2f} ms ({row['server cpu share']:.1%}) | "
              f"{learn} | {len(row['errors'])} |")


if __name__ == "__main__":
    main()
