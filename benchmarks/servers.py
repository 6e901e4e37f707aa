"""Servers: start a Gradio script on a free loopback port and wait until it answers (tests and benchmarks)."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(script: str = "app.py", timeout: float = 120.0):
    """Run `python <script>` as Spaces would (port from GRADIO_SERVER_PORT); yield (url, process, seconds to serve)."""
    port = free_port()
    environment = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
                   "GRADIO_ANALYTICS_ENABLED": "False", "TF_CPP_MIN_LOG_LEVEL": "2",
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(REPOSITORY_ROOT), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, script], cwd=REPOSITORY_ROOT, env=environment,
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


def peak_memory_megabytes(process_id: int) -> float:
    """The peak resident memory (VmHWM) of a running Linux process, in MB."""
    for line in Path(f"/proc/{process_id}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {process_id}")
