"""Bare app: the floor of a round trip, a Gradio Sketchpad with the app's settings whose handler returns a constant."""

import gradio as gr

import app

CONSTANT = {name: 0.1 for name in app.config.CLASS_NAMES}

with gr.Blocks() as demo:
    sketchpad = gr.Sketchpad(type="numpy", image_mode="RGBA", canvas_size=(app.CANVAS_SIZE, app.CANVAS_SIZE),
                             layers=False, transforms=(), format="png")
    label = gr.Label(num_top_classes=app.TOP_CLASSES)
    sketchpad.change(lambda drawing: CONSTANT, inputs=sketchpad, outputs=label, api_name="predict")
    demo.queue(max_size=app.QUEUE_SIZE, default_concurrency_limit=app.CONCURRENT_REQUESTS)

if __name__ == "__main__":
    demo.launch()
