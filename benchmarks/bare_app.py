"""Bare app: the floor of a stock gr.Sketchpad round trip: a stock Sketchpad whose handler only counts the ink.

It imports nothing of ours, so it pays only for Gradio: the page exports and uploads the
drawing's PNGs, Gradio decodes them, and the answer (the number of inked pixels, so the
page shows something new for every drawing) comes back as a gr.Label.
"""

import gradio as gr
import numpy as np

CANVAS_SIZE = 336  # The size the app's pad had when it was a stock Sketchpad.

with gr.Blocks() as demo:
    sketchpad = gr.Sketchpad(elem_id="sketchpad", type="numpy", image_mode="RGBA",
                             canvas_size=(CANVAS_SIZE, CANVAS_SIZE), fixed_canvas=True, layers=False, transforms=(),
                             format="png", brush=gr.Brush(default_size=12, colors=["#111111"], color_mode="fixed"))
    label = gr.Label(elem_id="prediction")
    sketchpad.change(lambda drawing: {str(int(np.count_nonzero(drawing["layers"][0][..., 3]))
                                          if drawing and drawing["layers"] else 0): 1.0},
                     inputs=sketchpad, outputs=label, api_name="predict", trigger_mode="always_last")
    demo.queue(max_size=64, default_concurrency_limit=4)

if __name__ == "__main__":
    demo.launch()
