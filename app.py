"""Draw-a-digit CNN: the Gradio UI. Draw a digit, see what the lecture's CNN reads, then look inside it.

Run `python app.py` and open http://127.0.0.1:7860. All array work lives in `cnn/`;
this file lays out the page and wires events to thin handlers.
"""

import base64
import functools
import io
import logging

import gradio as gr
import numpy as np
from gradio.data_classes import ImageData
from PIL import Image

import cnn
from cnn import config, explain, teaching, visualize

logger = logging.getLogger("draw_a_digit")

CANVAS_SIZE = 336  # 12 canvas pixels per MNIST pixel; small uploads, room to draw.
BRUSH_SIZE = 12  # Gradio's brush size is a radius: 24 px strokes, about a tenth of a digit's height.
TOP_CLASSES = 3
NOT_SURE_BELOW = 0.6  # A top probability under this is shown as "not sure".
QUEUE_SIZE = 64
CONCURRENT_REQUESTS = 4  # Two vCPUs: a few requests in flight keep both busy without thrashing.
PNG_COMPRESSION = 1  # zlib's fastest level: twice as fast as level 6 on these pictures, about 10% larger.

# The Sketchpad starts with no tool selected ("select the draw tool to start")
# and loses its tool again when cleared; pressing its Brush button at those
# moments lets the first touch draw.
SELECT_BRUSH_JS = """
() => {
  const brush = () => document.querySelector('#sketchpad button[aria-label="Brush"]');
  const toolSelected = () => document.querySelector(
    '#sketchpad button[aria-label="Brush"].highlight, #sketchpad button[aria-label="Erase"].highlight');
  const selectBrush = () => { const button = brush(); if (button && !toolSelected()) button.click(); };
  const waitForPad = setInterval(() => { if (brush()) { clearInterval(waitForPad); selectBrush(); } }, 100);
  document.addEventListener('click', (event) => {
    if (event.target.closest('#sketchpad button[aria-label="Clear canvas"]')) setTimeout(selectBrush, 50);
  }, true);
}
"""

PREDICTED = "the predicted digit"
EMPTY_PAD_MESSAGE = str(cnn.EmptyDrawingError())
EMPTY_HINT = "Draw a digit from 0 to 9 in the box. The answer appears each time you lift the pen."

cnn.inference.use_one_thread_per_request()
try:
    reader = cnn.DigitReader()
except cnn.WeightsError as error:
    raise SystemExit(f"error: {error}") from None
kernel_pictures = visualize.kernel_pictures(reader.model)
learned_kernels = explain.learned_kernels_like_designed(reader.model)
explain.lesson_numbers(reader.model, reader.blank)  # Trace the Learn tab's pass now, not on its first visit.
layer_rows = cnn.layer_table(reader.model)
metadata = cnn.read_metadata()


class UnreadableImage(str):
    """The text of why an upload could not be decoded; handlers answer with it instead of crashing."""


class _TolerantUpload:
    """Mixin: a file Gradio cannot decode, or that is cut off, reaches the handler as UnreadableImage."""

    def preprocess(self, payload):
        try:
            for file in [payload] if hasattr(payload, "path") else [
                    getattr(payload, "background", None), *(getattr(payload, "layers", None) or []),
                    getattr(payload, "composite", None)]:
                if file is not None and file.path:
                    cnn.preprocess.require_whole_file(file.path)
            return super().preprocess(payload)
        except Exception as error:  # PIL raises many types for a broken file; all mean "unreadable".
            return UnreadableImage(f"Could not read that image ({error}). Try a PNG or JPEG of one digit.")


# Gradio picks a component's frontend by its class name; these keep the stock ones.
class Sketchpad(_TolerantUpload, gr.Sketchpad):
    def preprocess(self, payload):
        # Strokes on an empty pad: the stroke layer's alpha is the whole drawing, so the
        # composite (the same strokes on white) is not decoded. It saves 1 ms a stroke.
        if payload is not None and payload.background is None and payload.layers:
            payload = payload.model_copy(update={"composite": None})
        return super().preprocess(payload)

    def get_block_name(self):
        return "imageeditor"


class ImageUpload(_TolerantUpload, gr.Image):
    def get_block_name(self):
        return "image"


class Picture(gr.Image):
    """An output picture that travels inside the answer as a PNG data URL.

    Gradio's stock output writes each picture to a file in its cache (PNG at
    compression level 6, hashed, kept until shutdown) and the browser fetches it
    with a second request. These pictures are new for every stroke, so inlining
    them is faster and leaves nothing behind on disk.
    """

    def postprocess(self, value):
        if isinstance(value, np.ndarray):
            value = Image.fromarray(value)
        if not isinstance(value, Image.Image):
            return super().postprocess(value)
        encoded = io.BytesIO()
        value.save(encoded, format="png", compress_level=PNG_COMPRESSION)
        return ImageData(url="data:image/png;base64," + base64.b64encode(encoded.getvalue()).decode("ascii"),
                         mime_type="image/png", orig_name="picture.png")

    def get_block_name(self):
        return "image"


def postprocessed_here(handler, outputs: list):
    """`handler` returning what the page receives: each output component's postprocess run in the handler's thread.

    For events registered with postprocess=False. Gradio otherwise hands each output
    to a worker thread of its own (about 0.15 ms each); the tabs have eight outputs.
    """
    @functools.wraps(handler)
    def run(*arguments):
        results = handler(*arguments)
        values = []
        for component, value in zip(outputs, [results] if len(outputs) == 1 else results):
            if not isinstance(value, dict) or value.get("__type__") != "update":  # gr.skip() passes as it is.
                value = component.postprocess(value)
                value = value.model_dump() if hasattr(value, "model_dump") else value
            values.append(value)
        return values[0] if len(outputs) == 1 else values

    return run


def picture(label: str, elem_id: str | None = None, buttons=(), show_label=False, elem_classes=None) -> Picture:
    """An output picture; by default the label is for screen readers only, the picture carrying its own titles."""
    return Picture(label=label, show_label=show_label, elem_id=elem_id, interactive=False, buttons=list(buttons),
                   elem_classes=elem_classes)


def preprocessed(drawing):
    """The drawing's 28x28 input, or the sentence to show instead (empty pad, unreadable file)."""
    if isinstance(drawing, UnreadableImage):
        return str(drawing)
    try:
        return cnn.to_mnist(drawing)
    except cnn.EmptyDrawingError as error:
        return str(error)
    except ValueError as error:
        return f"Could not read that image: {error}"


def read(drawing):
    """The drawing's Reading, or the sentence to show instead."""
    image = preprocessed(drawing)
    return image if isinstance(image, str) else cnn.Reading(image, reader.layer_outputs(image))


def confidences(reading) -> dict:
    """{digit: probability}, as a gr.Label shows them."""
    return {name: float(p) for name, p in zip(config.CLASS_NAMES, reading.probabilities)}


# The view functions below take `reading=` when the caller has already read the drawing (stroke_views).


def predict(drawing, reading=None):
    """Sketchpad value -> {digit: probability}, or a sentence when there is nothing to read."""
    reading = read(drawing) if reading is None else reading
    if isinstance(reading, str):
        if reading != EMPTY_PAD_MESSAGE:
            # Every drawing passes through here exactly once (UI and API alike), so log here only.
            logger.warning("rejected input: %s", reading)
        return reading
    return confidences(reading)


def describe(reading) -> str:
    if isinstance(reading, str):
        return reading if reading != EMPTY_PAD_MESSAGE else EMPTY_HINT
    ranked = reading.probabilities.argsort()[::-1]
    best, second = (int(index) for index in ranked[:2])
    confidence = float(reading.probabilities[best])
    if confidence < NOT_SURE_BELOW:
        return (f"**Not sure**: {best} ({confidence:.0%}) or {second} "
                f"({float(reading.probabilities[second]):.0%})? Try drawing it larger or more clearly.")
    return f"It reads **{best}** with {confidence:.1%} probability."


def draw_views(drawing, reading=None):
    """Sketchpad value -> (sentence, picture of the 28x28 input or None)."""
    reading = read(drawing) if reading is None else reading
    if isinstance(reading, str):
        return describe(reading), None
    return describe(reading), visualize.input_pixels(reading.image)


def inside_views(drawing, inside_is_open=True, reading=None):
    """Sketchpad value -> [sentence, a picture per hidden layer, the probabilities, the colour scales].

    Nothing is rendered while the tab is closed.
    """
    outputs_count = len(visualize.LAYER_VIEWS) + 3
    if not inside_is_open:
        return [gr.skip()] * outputs_count
    reading = read(drawing) if reading is None else reading
    if isinstance(reading, str):
        return [describe(reading)] + [None] * (outputs_count - 1)
    return [describe(reading), *visualize.layer_pictures(reading.layer_outputs).values(), confidences(reading),
            teaching.colour_scales_markdown(reading.layer_outputs, visualize.LAYER_VIEWS)]


def learn_views(drawing, learn_is_open=True, layer="conv1", row=14, column=12, channel=0, class_choice=None,
                reading=None):
    """Sketchpad value and the Learn tab's controls -> its pictures and tables (nothing while the tab is closed)."""
    outputs_count = 8
    if not learn_is_open:
        return [gr.skip()] * outputs_count
    if reading is None:
        image = preprocessed(drawing)
    else:
        image = reading if isinstance(reading, str) else reading.image
    if isinstance(image, str):
        return [describe(image)] + [None] * (outputs_count - 1)
    # One compiled pass gives the layers, the shifted copies and the evidence for the chosen class.
    class_index = None if class_choice in (None, PREDICTED) else int(class_choice)
    numbers = explain.lesson_numbers(reader.model, image, class_index)
    reading = cnn.Reading(image, numbers["layer_outputs"])
    size, _, channels = reader.layer_outputs_shape(layer)
    unit = explain.unit_arithmetic(reader.model, image, reading.layer_outputs, layer, min(int(row), size - 1),
                                   min(int(column), size - 1), min(int(channel), channels - 1))
    return [
        describe(reading),
        *(visualize.responses_row(list(explain.filter_responses(kernels, image).values()))
          for kernels in (explain.DESIGNED_KERNELS, learned_kernels)),
        visualize.receptive_field_picture(image, unit["receptive_field"]),
        teaching.arithmetic_markdown(unit),
        teaching.shift_markdown(numbers["shift_rows"]),
        visualize.tile_grid(np.stack([visualize.heat_overlay(image, numbers[key])
                                      for key in ("saliency", "grad_cam")]), columns=2, gap=1),
        teaching.softmax_markdown(explain.softmax_steps(reader.model, reading.layer_outputs)),
    ]


def stroke_views(drawing, inside_is_open, *learn_controls):
    """Everything one stroke updates: the answer, the Draw tab's views, and the open tab's pictures."""
    reading = read(drawing)  # Once, for every view.
    return [predict(drawing, reading), *draw_views(drawing, reading), *inside_views(drawing, inside_is_open, reading),
            *learn_views(drawing, *learn_controls, reading=reading)]


def unit_sliders(layer):
    """Slider ranges that fit the chosen layer: conv1 is 28x28x32, conv2 14x14x64."""
    size, _, channels = reader.layer_outputs_shape(layer)
    return gr.Slider(maximum=size - 1), gr.Slider(maximum=size - 1), gr.Slider(maximum=channels - 1)


def pick_unit(layer, event: gr.SelectData):
    """A click on the receptive-field picture selects the unit over that input pixel."""
    row, column = visualize.input_pixel_at(*event.index)
    scale = config.IMAGE_SIZE // reader.layer_outputs_shape(layer)[0]
    return row // scale, column // scale


def upload_to_sketchpad(path):
    """An uploaded photo or example becomes the Sketchpad's picture, so the other tabs read it as a drawing."""
    if path is None or isinstance(path, UnreadableImage):
        return gr.skip()
    return {"background": path, "layers": [], "composite": path}


LAYER_TABLE_HEADERS = ["layer", "type", "output shape", "kernel (w, h, C, D)", "parameters", "formula"]
layer_table_rows = [[row["name"], row["kind"], "x".join(map(str, row["output_shape"])),
                     "" if row["kernel_shape"] is None else ", ".join(map(str, row["kernel_shape"])),
                     f"{row['parameters']:,}", row["formula"]] for row in layer_rows]
layer_table_rows.append(["total", "", "", "", f"{sum(row['parameters'] for row in layer_rows):,}", ""])

# Feature maps arrive at one pixel per value; the browser enlarges them to the width without blurring.
PICTURE_CSS = """
.full-width .image-frame, .full-width img { width: 100%; height: auto; object-fit: contain; }
.pixelated img { image-rendering: pixelated; }
.small { max-width: 480px; }
"""

with gr.Blocks(title="Draw-a-digit CNN") as demo:
    inside_is_open = gr.State(False)
    gr.Markdown(
        "# Draw a digit, watch a CNN read it\n"
        "A small convolutional network trained on MNIST "
        f"({metadata['test_accuracy']:.2%} of 10,000 test digits right) reads your drawing as you draw. "
        "Open **Inside the CNN** to see every layer work on your digit."
    )
    with gr.Tabs():
        with gr.Tab("Draw", id="draw", elem_id="draw-tab") as draw_tab:
            with gr.Row(equal_height=False):
                with gr.Column(scale=1, min_width=300):
                    sketchpad = Sketchpad(
                        elem_id="sketchpad", label="Draw here", type="numpy", image_mode="RGBA",
                        canvas_size=(CANVAS_SIZE, CANVAS_SIZE), fixed_canvas=True, layers=False,
                        transforms=(), format="png",
                        brush=gr.Brush(default_size=BRUSH_SIZE, colors=["#111111"], color_mode="fixed"),
                    )
                    hint = gr.Markdown(EMPTY_HINT, elem_id="hint")
                    with gr.Accordion("Or upload a photo or scan of one digit", open=False):
                        # image_mode=None: the file reaches cnn.to_mnist as it was sent, never decoded at full
                        # size by Gradio first (it converts any picture not already in image_mode).
                        upload = ImageUpload(label="Photo of a digit", type="filepath", image_mode=None,
                                             sources=["upload", "clipboard"], elem_id="upload")
                        gr.Examples(examples=[[str(path)] for path in sorted(config.EXAMPLES_DIRECTORY.glob("*.png"))],
                                    inputs=upload, label="Example drawings")
                with gr.Column(scale=1, min_width=300):
                    label = gr.Label(num_top_classes=TOP_CLASSES, label="What the network reads",
                                     elem_id="prediction")
                    pixels = picture("What the network sees", elem_id="pixels")
                    gr.Markdown(
                        "An image is just a matrix of numbers: your drawing is cropped, scaled so its longest "
                        "side is 20 pixels, and centred by its centre of mass in a 28x28 grid, as MNIST's "
                        "digits were. Each number is one pixel's brightness, 0 to 255."
                    )
        with gr.Tab("Inside the CNN", id="inside", elem_id="inside-tab") as inside_tab:
            inside_hint = gr.Markdown(EMPTY_HINT)
            gr.Markdown(
                "Each convolution slides small 3x3 kernels over its input; each kernel gives one feature map "
                "(bright = strong response, ReLU turns negatives to 0). Max pooling keeps the strongest value "
                "of each 2x2 block: half the size, and small shifts of the drawing barely change it."
            )
            layer_images = {}
            for row in (("conv1", "pool1"), ("conv2", "pool2"), ("dense",)):
                with gr.Row(equal_height=False):
                    for name in row:
                        title, _ = visualize.LAYER_VIEWS[name]
                        shape = "x".join(map(str, reader.layer_outputs_shape(name)))
                        layer_images[name] = picture(f"{title}: {shape}", elem_id=name, buttons=["fullscreen"],
                                                     show_label=True, elem_classes=["full-width", "pixelated"])
                    if row == ("dense",):
                        inside_probabilities = gr.Label(num_top_classes=len(config.CLASS_NAMES),
                                                        label="output (softmax): 10 probabilities")
            colour_scales = gr.Markdown()
            gr.Markdown(
                "### Learned kernels\nNobody designed these: training found them from 60,000 examples. "
                "Blue weights subtract, red weights add, white is zero."
            )
            with gr.Row():
                gr.Image(kernel_pictures["conv1"], label="conv1 kernels", show_label=False, interactive=False,
                         buttons=[])
                gr.Image(kernel_pictures["conv2"], label="conv2 kernels", show_label=False, interactive=False,
                         buttons=["fullscreen"])
            gr.Markdown("### Layers and parameters\nA convolution has (w x h x C + 1) x D parameters: "
                        "one w x h kernel per input channel C and output channel D, plus one bias per D.")
            gr.Dataframe(value=layer_table_rows, headers=LAYER_TABLE_HEADERS, interactive=False)

        with gr.Tab("Learn", id="learn", elem_id="learn-tab") as learn_tab:
            responses_images = []
            learn_hint = gr.Markdown(EMPTY_HINT)
            gr.Markdown("### 1. Kernels designed by people, and kernels learned from data\n"
                        "A convolution slides a 3x3 grid of numbers over the image, multiplies and adds. People "
                        "designed kernels that blur, sharpen or find edges; this network was never told them and "
                        "learned its own. Under each kernel is what it does to your drawing; the second row holds "
                        "the learned kernels most like the designed ones. Red = positive response, blue = negative.")
            for heading, kernels in (("Designed by people", explain.DESIGNED_KERNELS),
                                     ("Learned from data: the conv1 kernels most like those", learned_kernels)):
                gr.Image(visualize.kernels_row(kernels, heading), label=heading, show_label=False,
                         interactive=False, buttons=["fullscreen"], elem_classes=["full-width"])
                responses_images.append(picture(f"{heading}: their responses to your drawing",
                                                elem_classes=["full-width", "pixelated"]))
            gr.Markdown("### 2. One unit, its receptive field and its arithmetic\n"
                        "Each number in a feature map is one small sum over a local patch. Pick a unit with the "
                        "sliders or click the picture; a conv2 unit sees more of the image (8x8) than a conv1 "
                        "unit (3x3), because it reads pooled maps.")
            with gr.Row():
                unit_layer = gr.Radio(list(explain.CONVOLUTION_LAYERS), value="conv1", label="layer")
                unit_row = gr.Slider(0, config.IMAGE_SIZE - 1, value=14, step=1, label="row")
                unit_column = gr.Slider(0, config.IMAGE_SIZE - 1, value=12, step=1, label="column")
                unit_channel = gr.Slider(0, config.CONV1_FILTERS - 1, value=0, step=1, label="channel")
            with gr.Row():
                field_image = picture("receptive field: the part of the input the unit sees (click to pick a unit)",
                                      elem_id="field", show_label=True)
                arithmetic_text = gr.Markdown()
            gr.Markdown("### 3. Max pooling shrugs off small shifts\n"
                        "Your drawing moved right by 1-3 pixels, through the real network. Convolution maps move "
                        "with the drawing, so they change a lot; each pooling step changes less than the "
                        "convolution before it, and the answer hardly changes at all.")
            shift_text = gr.Markdown()
            gr.Markdown("### 4. Why this digit?\nSaliency: which pixels would change the digit's score most. "
                        "Grad-CAM: where conv2 found the evidence. Pick another digit to see what argues for it.")
            class_choice = gr.Dropdown([PREDICTED, *config.CLASS_NAMES], value=PREDICTED, label="evidence for")
            evidence_image = picture("saliency (left) and Grad-CAM (right)", elem_id="evidence", show_label=True,
                                     elem_classes=["full-width", "pixelated", "small"])
            gr.Markdown("### 5. From scores to probabilities: softmax")
            softmax_text = gr.Markdown()
            gr.Markdown("### 6. What each conv2 filter looks for\nStarting from the same grey noise, each image "
                        "was changed step by step (gradient ascent) to excite one conv2 filter as much as "
                        "possible: mostly strokes at one angle and spacing.")
            gr.Image(str(config.PREFERENCES_PICTURE), label="conv2 filter preferences", show_label=False,
                     interactive=False, buttons=[])

    learn_is_open = gr.State(False)
    learn_inputs = [sketchpad, learn_is_open, unit_layer, unit_row, unit_column, unit_channel, class_choice]
    learn_outputs = [learn_hint, *responses_images, field_image, arithmetic_text, shift_text, evidence_image,
                     softmax_text]
    inside_outputs = [inside_hint, *(layer_images[name] for name in visualize.LAYER_VIEWS), inside_probabilities,
                      colour_scales]
    hidden = dict(api_visibility="private", show_progress="hidden")
    live = dict(hidden, trigger_mode="always_last")  # Only the latest stroke matters.
    predict_event = dict(fn=postprocessed_here(predict, [label]), outputs=label, postprocess=False)
    inside_event = dict(fn=postprocessed_here(inside_views, inside_outputs), outputs=inside_outputs, postprocess=False)
    learn_event = dict(fn=postprocessed_here(learn_views, learn_outputs), outputs=learn_outputs, postprocess=False)

    # Every stroke: one event for the answer, the Draw tab's views and the open tab's pictures. With one
    # listener per view (four), Gradio 6.31 sometimes kept re-sending a cleared pad's value, alternating
    # with the old drawing, 30-40 requests a second, after a visit to another tab.
    stroke_outputs = [label, hint, pixels, *inside_outputs, *learn_outputs]
    stroke_inputs = [sketchpad, inside_is_open, *learn_inputs[1:]]
    sketchpad.change(postprocessed_here(stroke_views, stroke_outputs), inputs=stroke_inputs, outputs=stroke_outputs,
                     postprocess=False, **live)

    # API clients have no open tab: /predict, /inside, /learn and /predict_photo always answer (buttons nobody
    # sees trigger them). They come before the upload events, whose handlers would otherwise take these names.
    gr.Button(visible=False).click(inputs=sketchpad, **predict_event, api_name="predict")
    gr.Button(visible=False).click(inputs=sketchpad, **inside_event, api_name="inside")
    gr.Button(visible=False).click(inputs=sketchpad, **learn_event, api_name="learn")
    # A photo file as it was sent: unlike a Sketchpad value, Gradio does not decode it at full size first.
    gr.Button(visible=False).click(inputs=upload, **predict_event, api_name="predict_photo")

    # A value set by the server does not fire the Sketchpad's .change (Gradio 6.31), so an upload or a
    # clicked example is read straight from its file, by the same handlers.
    uploaded = upload.change(upload_to_sketchpad, inputs=upload, outputs=sketchpad, api_visibility="private")
    uploaded.then(inputs=upload, **predict_event, **hidden)
    uploaded.then(draw_views, inputs=upload, outputs=[hint, pixels], **hidden)
    uploaded.then(inputs=[upload, inside_is_open], **inside_event, **hidden)
    uploaded.then(inputs=[upload, *learn_inputs[1:]], **learn_event, **hidden)

    # Tabs: remember which one is open, and fill it in for the current drawing when it opens.
    draw_tab.select(lambda: (False, False), outputs=[inside_is_open, learn_is_open], api_visibility="private")
    inside_tab.select(lambda: (True, False), outputs=[inside_is_open, learn_is_open], api_visibility="private").then(
        inputs=[sketchpad, inside_is_open], **inside_event, **hidden)
    learn_tab.select(lambda: (False, True), outputs=[inside_is_open, learn_is_open], api_visibility="private").then(
        inputs=learn_inputs, **learn_event, **hidden)

    # The Learn tab's controls.
    for control in (unit_row, unit_column, unit_channel, class_choice):
        control.change(inputs=learn_inputs, **learn_event, **live)
    unit_layer.change(unit_sliders, inputs=unit_layer, outputs=[unit_row, unit_column, unit_channel],
                      api_visibility="private").then(inputs=learn_inputs, **learn_event, **hidden)
    field_image.select(pick_unit, inputs=unit_layer, outputs=[unit_row, unit_column], api_visibility="private")

    demo.load(None, js=SELECT_BRUSH_JS)
    demo.queue(max_size=QUEUE_SIZE, default_concurrency_limit=CONCURRENT_REQUESTS)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # 127.0.0.1:7860 unless GRADIO_SERVER_NAME / GRADIO_SERVER_PORT say otherwise, as on Spaces.
    demo.launch(css=PICTURE_CSS)
