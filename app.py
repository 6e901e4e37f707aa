"""Draw-a-digit CNN: the Gradio UI. Draw a digit, see what the lecture's CNN reads, then look inside it.

Run `python app.py` and open http://127.0.0.1:7860. All array work lives in `cnn/`
(each tab's content comes from `cnn.views`); this file lays out the page and wires
events to thin handlers.
"""

import json
import logging
import threading

import gradio as gr
import pandas as pd
from gradio.components.label import LabelConfidence, LabelData
from gradio.data_classes import ImageData

from cnn import site, views

logger = logging.getLogger("draw_a_digit")

QUEUE_SIZE = 64
CONCURRENT_REQUESTS = 4  # Two vCPUs: a few requests in flight keep both busy without thrashing.
PREDICTED = "the predicted digit"
TRAINING_TICK_SECONDS = 0.4  # The Train tab asks for the run's progress this often: over twice a second.

try:
    # The page is built from the weights file, checked; the network loads once the page is served.
    lessons = views.Lessons()
except views.WeightsError as error:
    raise SystemExit(f"error: {error}") from None
metadata = views.read_metadata()


# --- Components of our own -------------------------------------------------------------------------
# Stock components, some with their own pre- or postprocessing set on the instance (a subclass would make Gradio
# write a type stub, app.pyi, into the checkout).

# The page reads the drawing pad in the browser (cnn/static: reading.js, page.js), so a class drawing at once costs
# the server nothing; it fetches the weights and constants served from this folder.
READING_DIRECTORY = site.reading_directory(lessons.weights, lessons.threshold)
gr.set_static_paths([READING_DIRECTORY])
PAGE_HEAD = site.page_head(f"gradio_api/file={READING_DIRECTORY}/")


def drawing_pad(**kwargs) -> gr.HTML:
    """The page's drawing pad (page.js); its value is `cnn.strokes`' dict of pen strokes. The page reads it itself;
    the Learn and Train tabs send it with their events."""
    options = site.pad_options()
    return gr.HTML(value=options.pop("value"), html_template=site.static_text("pad.html"),
                   js_on_load="DrawADigit.mountGradioPad(element, props, watch);", **options, **kwargs)


def browser_view(mount: str, **kwargs) -> gr.HTML:
    """A view page.js draws in the browser from its readings (`mount`: its function there)."""
    return gr.HTML(html_template='<div class="answer-host"></div>',
                   js_on_load=f"DrawADigit.{mount}(element, props, watch);", **kwargs)


class UnreadableImage(ValueError):
    """A file Gradio could not decode, or that is cut off; it reaches the handler as the drawing, to be raised there."""


def tolerant(component):
    """An upload component whose file, if it cannot be decoded or is cut off, reaches the handler as an
    UnreadableImage instead of failing inside Gradio."""
    stock = component.preprocess

    def preprocess(payload):
        try:
            for file in [payload] if hasattr(payload, "path") else [
                    getattr(payload, "background", None), *(getattr(payload, "layers", None) or []),
                    getattr(payload, "composite", None)]:
                if file is not None and file.path:
                    views.require_whole_file(file.path)
            return stock(payload)
        except Exception as error:  # PIL raises many types for a broken file; all mean "unreadable".
            return UnreadableImage(f"({error}). Try a PNG or JPEG of one digit.")

    component.preprocess = preprocess
    return component


def picture(label: str, elem_id: str | None = None, buttons=(), show_label=False, elem_classes=None) -> gr.Image:
    """An output picture that travels inside the answer as a PNG data URL; by default its label is for screen
    readers only, the picture carrying its own titles. (Gradio's stock output writes each picture to a file in its
    cache and the browser fetches it with a second request; these pictures are new for every drawing.)"""
    image = gr.Image(label=label, show_label=show_label, elem_id=elem_id, interactive=False, buttons=list(buttons),
                     elem_classes=elem_classes)
    stock = image.postprocess

    def postprocess(value):
        if value is None or isinstance(value, str):
            return stock(value)
        return ImageData(url=views.png_data_url(value), mime_type="image/png", orig_name="picture.png")

    image.postprocess = postprocess
    return image


def reading_label(**kwargs) -> gr.Label:
    """A Label whose text is what is read ("7", "not a digit", "42") while its bars stay the probabilities: the
    stock Label always names its likeliest class, and a drawing that is no digit still has a likeliest digit."""
    label = gr.Label(**kwargs)
    stock = label.postprocess

    def postprocess(value):
        if not (isinstance(value, dict) and set(value) == {"label", "confidences"}):
            return stock(value)
        ranked = sorted(value["confidences"].items(), key=lambda item: item[1], reverse=True)[: label.num_top_classes]
        return LabelData(label=value["label"], confidences=[LabelConfidence(label=name, confidence=confidence)
                                                            for name, confidence in ranked])

    label.postprocess = postprocess
    return label


def digit_chooser(elem_id: str) -> gr.Slider:
    """Which digit of a written number a tab looks at."""
    return gr.Slider(1, views.MAXIMUM_DIGITS, value=1, step=1, elem_id=elem_id,
                     label="Wrote a number? Which of its digits to look at (1 = the leftmost)")


# --- Handlers: a drawing in, each tab's view out -----------------------------------------------------


def read(drawing, number: bool = True) -> list:
    """Any drawing -> a Reading per digit written (or of the whole drawing as one digit, if not `number`).
    Raises ValueError (EmptyDrawingError, UnreadableImage, too many digits) when there is nothing to read."""
    if isinstance(drawing, ValueError):
        raise drawing
    return lessons.read(drawing, number)


def reading_or_sentence(drawing, log: bool = True, number: bool = True) -> tuple[list | None, str | None]:
    """A drawing -> (its Readings, None), or (None, the sentence to show instead): the one place where a drawing
    with nothing to read becomes words (and is logged, unless the pad is simply empty or `log` is False)."""
    try:
        return read(drawing, number), None
    except ValueError as error:
        text = views.sentence_for(error)
        if log and not (isinstance(error, views.EmptyDrawingError) and error.nothing_drawn):
            logger.warning("rejected input: %s", text)
        return None, text


def tab_views(drawing, tabs=("draw", "inside", "learn"), unit: views.Unit = views.Unit(), inside_digit: int = 1,
              learn_digit: int = 1) -> list:
    """A drawing -> the values of each listed tab's components (its view's fields, in order), or each tab's
    sentence saying why there is nothing to read. Of a number, Inside and Learn show the digit chosen for each
    (1 = the leftmost). The API's view of the tabs; the page draws Draw and Inside itself."""
    readings, text = reading_or_sentence(drawing)  # Once, for every view.
    if readings is None:
        return [value for tab in tabs for value in VIEW_KINDS[tab].nothing(text).values()]
    made = {"draw": lambda: lessons.draw(readings),
            "inside": lambda: lessons.inside(views.chosen(readings, inside_digit)),
            "learn": lambda: lessons.learn(views.chosen(readings, learn_digit), unit)}
    return [value for tab in tabs for value in made[tab]().values()]


VIEW_KINDS = {"draw": views.DrawView, "inside": views.InsideView, "learn": views.LearnView}


def chosen_drawing(pad_value, photo):
    """What the page reads: the pad when something is drawn on it, otherwise the chosen photo (if any)."""
    if photo is not None and not (pad_value or {}).get("strokes"):
        return photo
    return pad_value


class NewestDrawings:
    """The sequence number of the newest drawing each open page has sent, so an answer for an older one is dropped."""

    def __init__(self):
        self._newest = {}
        self._lock = threading.Lock()

    def is_outdated(self, page: str, seq: int) -> bool:
        """Note that `page` sent drawing `seq`; whether the page has sent a newer drawing since."""
        with self._lock:
            newest = max(self._newest.get(page, seq), seq)
            self._newest[page] = newest
            return seq < newest

    def forget(self, page: str) -> None:
        with self._lock:
            self._newest.pop(page, None)


newest_drawings = NewestDrawings()


def forget_page(request: gr.Request):
    """A page was closed: drop what was kept for it, and stop its training run."""
    newest_drawings.forget(request.session_hash)
    training_slot.release(request.session_hash)


def page_views(pad_value, photo, open_tab, learn_digit, layer, row, column, channel, evidence_for,
               request: gr.Request) -> list:
    """What the server adds to the page for its drawing: the answer beside the pad for a photo (the page reads its
    pad itself), and the Learn tab while it is open. Nothing changes if the page has sent a newer drawing since."""
    seq = int((pad_value or {}).get("seq", 0))
    skip_all = [gr.skip()] * len(page_outputs)
    drawing = chosen_drawing(pad_value, photo)
    answer_needed = drawing is photo
    if newest_drawings.is_outdated(request.session_hash, seq) or not (answer_needed or open_tab == "learn"):
        return skip_all
    readings, text = reading_or_sentence(drawing)
    answer = views.answer_value(seq, readings, text) if answer_needed else gr.skip()
    learn = [gr.skip()] * len(output_lists["learn"])
    if open_tab == "learn":
        unit = views.Unit(layer, int(row), int(column), int(channel),
                          None if evidence_for == PREDICTED else int(evidence_for))
        learn = (views.LearnView.nothing(text) if readings is None
                 else lessons.learn(views.chosen(readings, learn_digit), unit)).values()
    return skip_all if newest_drawings.is_outdated(request.session_hash, seq) else [answer, *learn]


def predict(drawing):
    """/predict: a drawing of one digit -> {"label": the digit or "not a digit", "confidences": {digit:
    probability}}, or the sentence saying why there is nothing to read."""
    readings, text = reading_or_sentence(drawing, number=False)
    return text if readings is None else views.label_value(readings)


def read_number(drawing):
    """/read_number: a drawing of a number -> {"number": "42", "digits": [each digit's reading, left to right]},
    or {"error": the sentence saying why there is nothing to read}."""
    readings, text = reading_or_sentence(drawing)
    if readings is None:
        return {"error": text}
    return {"number": views.number_read(readings), "digits": [views.reading_record(reading) for reading in readings]}


def unit_sliders(layer):
    """Slider ranges that fit the chosen layer: conv1 is 28x28x32, conv2 14x14x64."""
    return [gr.Slider(maximum=limit) for limit in lessons.unit_limits(layer)]


def pick_unit(layer, event: gr.SelectData):
    """A click on the receptive-field picture selects the unit over that input pixel."""
    return lessons.unit_at(layer, *event.index)


# --- The Train tab: one run at a time across visitors (views.TrainingSlot) -----------------------------

training_slot = views.TrainingSlot()


def start_training(rate_exponent, batch_size, shuffle_labels, request: gr.Request):
    """Train from scratch: a fresh network for this visitor, unless another visitor's run is training."""
    choices = views.Choices(learning_rate=10.0 ** float(rate_exponent), batch_size=int(batch_size),
                                    shuffle_labels=bool(shuffle_labels))
    try:
        training_slot.start(request.session_hash, choices)
    except views.BusyError as busy:
        return str(busy), gr.Timer(active=False)
    return "Starting: building a network with random weights...", gr.Timer(active=True)


def stop_training(request: gr.Request):
    run = training_slot.run_of(request.session_hash)
    if run is not None:
        run.stop()


def reset_training(pad_value, photo, request: gr.Request):
    """Reset to random: forget this visitor's run and show a network that has learned nothing yet."""
    training_slot.release(request.session_hash)
    return [*training_views(views.LiveTraining(), chosen_drawing(pad_value, photo)), gr.Timer(active=False)]


def training_tick(pad_value, photo, request: gr.Request):
    """Twice a second while a run trains: its curves, kernels and reading of the drawing; the timer stops at the end."""
    run = training_slot.run_of(request.session_hash)
    if run is None:
        return [*[gr.skip()] * len(training_outputs), gr.Timer(active=False)]
    return [*training_views(run, chosen_drawing(pad_value, photo)), gr.Timer(active=run.running)]


def training_views(run: views.LiveTraining, drawing) -> list:
    """A run -> the Train tab's values (views.TrainView, the curves as tables) and its conv1 kernels to compare."""
    # Read again at every tick, so it follows the drawing; the page's own answer has logged a bad one already.
    readings, text = reading_or_sentence(drawing, log=False, number=False)
    reading = None if readings is None else readings[0]
    view = views.train_view(run.progress(), None if reading is None else run.read(reading.image), reading, text)
    return [view.status, pd.DataFrame(view.loss, columns=["step", "loss", "series"]),
            pd.DataFrame(view.accuracy, columns=["step", "accuracy", "series"]), view.conv1, view.conv2, view.young,
            view.shipped, view.summary, view.conv1]


# Feature maps arrive at one pixel per value; the browser enlarges them to the width without blurring.
PICTURE_CSS = """
.full-width .image-frame, .full-width img { width: 100%; height: auto; object-fit: contain; }
.pixelated img { image-rendering: pixelated; }
.small { max-width: 480px; }
"""

with gr.Blocks(title="Draw-a-digit CNN") as demo:
    gr.Markdown(
        "# Draw a digit, watch a CNN read it\n"
        "A small convolutional network trained on MNIST "
        f"({metadata['test_accuracy']:.2%} of 10,000 test digits right) reads your drawing, a digit or a number, as "
        "you draw, and says so when it is not a digit. "
        "Open **Inside the CNN** to see every layer work on your digit."
    )
    open_tab = gr.Textbox("draw", visible=False)
    with gr.Tabs():
        with gr.Tab("Draw", id="draw", elem_id="draw-tab") as draw_tab:
            with gr.Row(equal_height=False):
                with gr.Column(scale=1, min_width=300):
                    pad = drawing_pad(elem_id="sketchpad", label="Draw here")
                    with gr.Accordion("Or upload a photo or scan of a digit or a number", open=False):
                        # image_mode=None: the file reaches cnn.to_mnist as it was sent, never decoded at full
                        # size by Gradio first (it converts any picture not already in image_mode).
                        upload = tolerant(gr.Image(label="Photo of a digit", type="filepath", image_mode=None,
                                                     sources=["upload", "clipboard"], elem_id="upload"))
                        gr.Examples(examples=[[str(path)] for path in views.EXAMPLE_DRAWINGS],
                                    inputs=upload, label="Example drawings")
                with gr.Column(scale=1, min_width=300):
                    answer = browser_view("mountGradioAnswer", elem_id="answer")
        with gr.Tab("Inside the CNN", id="inside", elem_id="inside-tab") as inside_tab:
            gr.Markdown(
                "Each convolution slides small 3x3 kernels over its input; each kernel gives one feature map "
                "(bright = strong response, ReLU turns negatives to 0). Max pooling keeps the strongest value "
                "of each 2x2 block: half the size, and small shifts of the drawing barely change it."
            )
            browser_view("mountInside", elem_id="inside-view")
            gr.Markdown(
                "### Learned kernels\nNobody designed these: training found them from examples (MNIST's digits and drawings). "
                "Blue weights subtract, red weights add, white is zero."
            )
            with gr.Row():
                gr.Image(lessons.kernel_pictures["conv1"], label="conv1 kernels", show_label=False, interactive=False,
                         buttons=[])
                gr.Image(lessons.kernel_pictures["conv2"], label="conv2 kernels", show_label=False, interactive=False,
                         buttons=["fullscreen"])
            gr.Markdown("### Layers and parameters\nA convolution has (w x h x C + 1) x D parameters: "
                        "one w x h kernel per input channel C and output channel D, plus one bias per D.")
            gr.Dataframe(value=views.layer_table_rows(), headers=list(views.LAYER_TABLE_HEADERS),
                         interactive=False)

        with gr.Tab("Learn", id="learn", elem_id="learn-tab") as learn_tab:
            responses_images = []
            learn_hint = gr.Markdown(views.EMPTY_HINT)
            learn_digit = digit_chooser("learn-digit")
            gr.Markdown("### 1. Kernels designed by people, and kernels learned from data\n"
                        "A convolution slides a 3x3 grid of numbers over the image, multiplies and adds. People "
                        "designed kernels that blur, sharpen or find edges; this network was never told them and "
                        "learned its own. Under each kernel is what it does to your drawing; the second row holds "
                        "the learned kernels most like the designed ones. Red = positive response, blue = negative.")
            for heading, kernels in (("Designed by people", views.DESIGNED_KERNELS),
                                     ("Learned from data: the conv1 kernels most like those", lessons.learned_kernels)):
                gr.Image(views.kernels_row(kernels, heading), label=heading, show_label=False,
                         interactive=False, buttons=["fullscreen"], elem_classes=["full-width"])
                responses_images.append(picture(f"{heading}: their responses to your drawing",
                                                elem_classes=["full-width", "pixelated"]))
            gr.Markdown("### 2. One unit, its receptive field and its arithmetic\n"
                        "Each number in a feature map is one small sum over a local patch. Pick a unit with the "
                        "sliders or click the picture; a conv2 unit sees more of the image (8x8) than a conv1 "
                        "unit (3x3), because it reads pooled maps.")
            default_unit = views.Unit()
            last_row, last_column, last_channel = lessons.unit_limits(default_unit.layer)
            with gr.Row():
                unit_layer = gr.Radio(list(views.CONVOLUTION_LAYERS), value=default_unit.layer, label="layer")
                unit_row = gr.Slider(0, last_row, value=default_unit.row, step=1, label="row")
                unit_column = gr.Slider(0, last_column, value=default_unit.column, step=1, label="column")
                unit_channel = gr.Slider(0, last_channel, value=default_unit.channel, step=1,
                                         label="channel")
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
            class_choice = gr.Dropdown([PREDICTED, *views.CLASS_NAMES], value=PREDICTED, label="evidence for")
            evidence_image = picture("saliency (left) and Grad-CAM (right)", elem_id="evidence", show_label=True,
                                     elem_classes=["full-width", "pixelated", "small"])
            gr.Markdown("### 5. From scores to probabilities: softmax")
            softmax_text = gr.Markdown()
            gr.Markdown("### 6. What each conv2 filter looks for\nStarting from the same grey noise, each image "
                        "was changed step by step (gradient ascent) to excite one conv2 filter as much as "
                        "possible: mostly strokes at one angle and spacing.")
            gr.Image(str(views.PREFERENCES_PICTURE), label="conv2 filter preferences", show_label=False,
                     interactive=False, buttons=[])
            gr.Markdown("### 7. Is it a digit at all?")
            likeness_text = gr.Markdown(elem_id="digit-likeness")

        with gr.Tab("Train", id="train", elem_id="train-tab") as train_tab:
            gr.Markdown(
                "### Watch it learn\nThe same network, starting from random weights, learns from 20,000 MNIST "
                "digits here on the server (Adam, cross-entropy). Nobody tells it about edges: watch conv1's "
                "kernels turn from noise into stroke detectors, the loss fall, and its reading of your drawing "
                "become right. The held-out curve is 1,000 test digits it never learns from. One run at a time "
                f"for everyone, {views.MAXIMUM_SECONDS:.0f} s at most.")
            with gr.Row():
                rate_exponent = gr.Slider(-5, 0, value=views.LEARNING_RATE_EXPONENT, step=0.5,
                                          label="learning rate: 10 to the power of (try 0: too high, it diverges)")
                batch_size = gr.Radio(list(views.BATCH_SIZES), value=views.Choices().batch_size,
                                      label="batch size")
                shuffle_labels = gr.Checkbox(False, label="shuffle the labels (it can only memorise: the held-out "
                                                          "accuracy stays at chance)")
            with gr.Row():
                train_button = gr.Button("Train from scratch", variant="primary", elem_id="train-button")
                stop_button = gr.Button("Stop", elem_id="stop-button")
                reset_button = gr.Button("Reset to random", elem_id="reset-button")
            training_status = gr.Markdown("Press **Train from scratch**.", elem_id="training-status")
            with gr.Row():
                loss_plot = gr.LinePlot(x="step", y="loss", color="series", label="loss (lower is better)",
                                        elem_id="loss-plot")
                accuracy_plot = gr.LinePlot(x="step", y="accuracy", color="series", y_lim=[0, 1],
                                            label="accuracy", elem_id="accuracy-plot")
            with gr.Row():
                young_label = gr.Label(num_top_classes=3, label="the young network reads your drawing",
                                       elem_id="young-reading")
                shipped_reading = gr.Markdown(elem_id="shipped-reading")
            with gr.Row():
                young_conv1 = picture("conv1 kernels now", elem_id="young-conv1")
                young_conv2 = picture("conv2 kernels now", elem_id="young-conv2")
            training_summary = gr.Markdown(elem_id="training-summary")
            with gr.Accordion("Compare its kernels with the shipped network's", open=False):
                with gr.Row():
                    compared_conv1 = picture("conv1 kernels of this run")
                    gr.Image(lessons.kernel_pictures["conv1"], label="conv1 kernels of the shipped network", show_label=False,
                             interactive=False, buttons=[])
            train_timer = gr.Timer(TRAINING_TICK_SECONDS, active=False)

    # One component per field of each tab's view (cnn.views), in the same order.
    output_lists = {"learn": [learn_hint, *responses_images, field_image, arithmetic_text, shift_text,
                              evidence_image, softmax_text, likeness_text]}
    assert len(output_lists["learn"]) == len(views.LearnView.nothing("").values()), "the Learn outputs and view differ"
    page_outputs = [answer, *output_lists["learn"]]
    page_inputs = [pad, upload, open_tab, learn_digit, unit_layer, unit_row, unit_column, unit_channel, class_choice]
    hidden = dict(api_visibility="private", show_progress="hidden")
    # The server reads the drawing as the page holds it now: the page reads the pad itself and never sends it on its
    # own (page.js).
    with_the_drawing = "(drawing, ...rest) => [DrawADigit.padValue() || drawing, ...rest]"

    # Which tab is open, kept on the page (no round trip), before the listener below reads it.
    for tab, name in ((draw_tab, "draw"), (inside_tab, "inside"), (learn_tab, "learn"), (train_tab, "train")):
        tab.select(None, js=f"() => {json.dumps(name)}", outputs=open_tab, **hidden)

    # The Learn tab's listener: its events run one at a time for a page and only the latest waiting one runs
    # (always_last), so its lessons arrive in the order of the changes.
    gr.on(triggers=[learn_tab.select, learn_digit.change, unit_layer.change, unit_row.change, unit_column.change,
                    unit_channel.change, class_choice.change],
          fn=page_views, inputs=page_inputs, outputs=page_outputs, js=with_the_drawing, trigger_mode="always_last",
          **hidden)
    # A chosen photo (upload or example) empties the pad first, so the page reads the photo.
    upload.change(page_views, inputs=page_inputs, outputs=page_outputs, trigger_mode="always_last",
                  js="(drawing, photo, ...rest) => [DrawADigit.forPhoto(photo) || drawing, photo, ...rest]", **hidden)
    # The Train tab: the run trains in its own thread; the timer fetches its progress while it does.
    training_outputs = [training_status, loss_plot, accuracy_plot, young_conv1, young_conv2, young_label,
                        shipped_reading, training_summary, compared_conv1]
    train_button.click(start_training, inputs=[rate_exponent, batch_size, shuffle_labels],
                       outputs=[training_status, train_timer], **hidden)
    stop_button.click(stop_training, **hidden)
    reset_button.click(reset_training, inputs=[pad, upload], outputs=[*training_outputs, train_timer],
                       js=with_the_drawing, **hidden)
    train_timer.tick(training_tick, inputs=[pad, upload], outputs=[*training_outputs, train_timer],
                     js=with_the_drawing, **hidden)

    unit_layer.change(unit_sliders, inputs=unit_layer, outputs=[unit_row, unit_column, unit_channel], **hidden)
    field_image.select(pick_unit, inputs=unit_layer, outputs=[unit_row, unit_column], **hidden)

    # The public API (buttons nobody sees trigger it): /predict, /inside and /learn take what a stock gr.Sketchpad
    # sends, so gradio_client users keep working; /predict_photo takes a photo file as it was sent.
    api_sketchpad = tolerant(gr.Sketchpad(visible=False, type="numpy", image_mode="RGBA", layers=False,
                                          transforms=(), format="png"))
    with gr.Column(visible=False):  # The API's answers, in the components the page showed them in before.
        label = reading_label(num_top_classes=views.TOP_CLASSES, label="What the network reads")
        output_lists["inside"] = [gr.Markdown(), *(picture(views.LAYER_VIEWS[name][0]) for name in
                                                   views.LAYER_VIEWS),
                                  reading_label(num_top_classes=len(views.CLASS_NAMES)), gr.Markdown()]
    gr.Button(visible=False).click(predict, inputs=api_sketchpad, outputs=label, api_name="predict")
    gr.Button(visible=False).click(lambda drawing: tab_views(drawing, ["inside"]), inputs=api_sketchpad,
                                   outputs=output_lists["inside"], api_name="inside")
    gr.Button(visible=False).click(lambda drawing: tab_views(drawing, ["learn"]), inputs=api_sketchpad,
                                   outputs=output_lists["learn"], api_name="learn")
    gr.Button(visible=False).click(predict, inputs=upload, outputs=label, api_name="predict_photo")
    gr.Button(visible=False).click(read_number, inputs=upload, outputs=gr.JSON(visible=False), api_name="read_number")

    demo.unload(forget_page)
    demo.queue(max_size=QUEUE_SIZE, default_concurrency_limit=CONCURRENT_REQUESTS)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # 127.0.0.1:7860 unless GRADIO_SERVER_NAME / GRADIO_SERVER_PORT say otherwise, as on Spaces.
    demo.launch(css=PICTURE_CSS + site.static_text(site.STYLESHEET), head=PAGE_HEAD, prevent_thread_lock=True)
    lessons.load_in_background()  # Once the page is served: the start does not wait for TensorFlow.
    demo.block_thread()
