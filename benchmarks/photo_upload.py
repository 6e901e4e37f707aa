"""Benchmark: a 12-megapixel phone photo through the running app, from its file or decoded by Gradio first.

    python -m benchmarks.photo_upload [--calls 10]

Each call uploads the JPEG, queues the event and reads the answer from its stream,
as the page does. `/predict_photo` (the upload box's path) hands cnn.to_mnist the file
as it was sent; `/predict` with the photo as a Sketchpad's picture has Gradio decode it
at full size into an array first. Medians, the two alternated in one run.
"""

import argparse
import json
import statistics
import time

from benchmarks.photos import photo_set
from benchmarks.servers import BrowserLikeClient, serving


def call(client: BrowserLikeClient, api_name: str, jpeg: bytes) -> tuple[float, str]:
    """One round trip: upload, queue, answer -> (seconds, the label it read)."""
    started = time.perf_counter()
    files = [("files", ("photo.jpg", jpeg, "image/jpeg"))]
    path = client.http.post(f"{client.url}/upload", files=files).json()[0]
    file = {"path": path, "orig_name": "photo.jpg", "meta": {"_type": "gradio.FileData"}}
    value = file if api_name == "predict_photo" else {"background": None, "layers": [], "composite": file, "id": None}
    event = client.http.post(f"{client.url}/call/{api_name}", json={"data": [value], "session_hash": client.session})
    stream = client.http.get(f"{client.url}/call/{api_name}/{event.json()['event_id']}").text
    label = json.loads(stream.strip().splitlines()[-1].removeprefix("data: "))[0]["label"]
    return time.perf_counter() - started, label


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10)
    arguments = parser.parse_args(argv)
    label, jpeg, _ = next(photo_set(1, seed=4, sides=(4000, 4000)))
    timings = {"predict_photo": [], "predict": []}
    with serving("app.py") as (url, _, _):
        client = BrowserLikeClient(url)
        for api_name in timings:  # Warm up both paths.
            call(client, api_name, jpeg)
        for _ in range(arguments.calls):
            for api_name, seconds in timings.items():
                elapsed, read = call(client, api_name, jpeg)
                seconds.append(elapsed)
                assert read == str(label), f"/{api_name} read {read!r}, the photo shows {label}"
        client.close()
    print(f"a 4000x3000 JPEG of a {label} ({len(jpeg) / 1e6:.1f} MB), median of {arguments.calls} round trips:")
    for api_name, seconds in timings.items():
        print(f"  /{api_name:14s} {1000 * statistics.median(seconds):7.0f} ms")
    ratio = statistics.median(timings["predict"]) / statistics.median(timings["predict_photo"])
    print(f"  decoded by Gradio first: {ratio:.1f}x the round trip from the file")


if __name__ == "__main__":
    main()
