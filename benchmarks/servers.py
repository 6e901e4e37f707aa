"""Servers: start a Gradio script on a free loopback port and wait until it answers (tests and benchmarks)."""

import contextlib
import functools
import http.server
import io
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
# How long a client waits for an answer before calling it an error. gradio_client posts with httpx's 5 s default,
# which would turn a slow answer into a failure: how long answers take is what benchmarks report; an error is a
# request that failed. A browser waits far longer too.
REQUEST_TIMEOUT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(script: str = "app.py", timeout: float = 120.0, root: Path = REPOSITORY_ROOT):
    """Run `python <script>` in `root` as Spaces would (port from GRADIO_SERVER_PORT); yield (url, process, seconds
    to serve)."""
    port = free_port()
    environment = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
                   "GRADIO_ANALYTICS_ENABLED": "False", "TF_CPP_MIN_LOG_LEVEL": "2",
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, script], cwd=root, env=environment,
                                   stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/"
        try:
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.perf_counter() - started > timeout:
                        log.seek(0)
                        raise RuntimeError(f"{script} did not start:\n{log.read()[-3000:]}") from None
                    time.sleep(0.05)
            yield url, process, time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextlib.contextmanager
def serving_folder(folder: Path):
    """A plain static file server (Python's http.server) for `folder` on a free loopback port; yields its URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def sketchpad_payload(drawing: dict, folder: Path) -> dict:
    """A Sketchpad value (numpy layer and composite) -> what the browser uploads: PNG files, for gradio_client."""
    from gradio_client import handle_file
    from PIL import Image

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    layer, composite = folder / "layer.png", folder / "composite.png"
    Image.fromarray(drawing["layers"][0]).save(layer)
    Image.fromarray(drawing["composite"]).save(composite)
    return {"background": None, "layers": [handle_file(str(layer))], "composite": handle_file(str(composite)),
            "id": None}


def png_bytes(picture) -> bytes:
    from PIL import Image

    encoded = io.BytesIO()
    Image.fromarray(picture).save(encoded, format="png")
    return encoded.getvalue()


def gradio_client(url: str):
    """A gradio_client.Client for the app at `url` that waits REQUEST_TIMEOUT_SECONDS for an answer."""
    from gradio_client import Client

    return Client(url, verbose=False, httpx_kwargs={"timeout": REQUEST_TIMEOUT_SECONDS})


class BrowserLikeClient:
    """Calls an endpoint as the page does for each stroke, with nothing added: upload the PNGs, queue, read the stream.

    gradio_client polls its message queue every 50 ms, so its round trips come in
    50 ms steps that hide any cost smaller than a step. This client blocks on the
    server-sent events instead, so a round trip is what the server takes plus loopback.
    Picture outputs that are files (not inline) are fetched too, as the page would.
    """

    def __init__(self, url: str):
        import httpx

        self.url = url.rstrip("/") + "/gradio_api"
        self.http = httpx.Client(timeout=REQUEST_TIMEOUT_SECONDS)
        # One session for the client's life, as one open page has: Gradio sets a session up on its first event.
        self.session = secrets.token_hex(8)

    def close(self):
        self.http.close()

    @staticmethod
    def encode(drawing: dict) -> dict:
        """A Sketchpad value (numpy layer and composite) -> {file name: PNG bytes}, encoded once, outside the timing."""
        return {"layer.png": png_bytes(drawing["layers"][0]), "composite.png": png_bytes(drawing["composite"])}

    def upload_drawing(self, pngs: dict) -> dict:
        """The PNGs from `encode` -> the Sketchpad value the page sends after uploading them."""
        files = [("files", (name, data, "image/png")) for name, data in pngs.items()]
        layer, composite = self._checked(self.http.post(f"{self.url}/upload", files=files)).json()

        def file_data(path):
            return {"path": path, "meta": {"_type": "gradio.FileData"}}

        return {"background": None, "layers": [file_data(layer)], "composite": file_data(composite), "id": None}

    def call(self, api_name: str, pngs: dict) -> list:
        """One stroke's round trip to /<api_name> with the PNGs from `encode`: its outputs as the page receives them."""
        started = self._checked(self.http.post(f"{self.url}/call/{api_name}",
                                               json={"data": [self.upload_drawing(pngs)],
                                                     "session_hash": self.session}))
        stream = self._checked(self.http.get(f"{self.url}/call/{api_name}/{started.json()['event_id']}")).text
        lines = stream.strip().splitlines()
        if lines[-2:-1] != ["event: complete"]:
            raise RuntimeError(f"/{api_name} did not complete: {stream[-500:]}")
        outputs = json.loads(lines[-1].removeprefix("data: "))
        for output in outputs:
            if isinstance(output, dict) and str(output.get("url", "")).startswith("/gradio_api/file="):
                self._checked(self.http.get(self.url.removesuffix("/gradio_api") + output["url"]))
        return outputs

    @staticmethod
    def _checked(response):
        response.raise_for_status()
        return response


def peak_memory_megabytes(process_id: int) -> float:
    """The peak resident memory (VmHWM) of a running Linux process, in MB."""
    for line in Path(f"/proc/{process_id}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {process_id}")
