// The page in the browser: the drawing pad, the answer beside it and the Inside view, all from readings made
// here (reading.js), so a drawing is answered without a round trip. Used by the app (app.py mounts these on its
// gr.HTML components) and by the static site (cnn/site.py); the text and colours come from reading.json.
//
//   DrawADigit.configure('base/url/');                       // where reading.json and weights.bin are
//   DrawADigit.mountPad(element, options);                   // canvas, Undo, Clear; each change read at once
//   DrawADigit.mountAnswer(element); DrawADigit.mountInside(element);
//   DrawADigit.showImages(seq, images, sentence);            // a photo read by the server: its digits' 28x28 inputs
(function (root) {
  'use strict';
  if (root.DrawADigit) return;  // Loaded once by the page's head; a second load keeps the first.

  let reader = null, readerLoading = null, page = null;
  let answer = {kind: 'empty', seq: 0};  // What every view shows: readings, or a sentence, for drawing `seq`.
  let padHandle = null;  // The mounted pad; its value is the drawing the page shows.
  const padValue = () => (padHandle ? padHandle.value() : null);
  let views = [];  // [{element, show}]: each mounted view and how it shows an answer.

  function configure(base) {
    if (!readerLoading) {
      readerLoading = DigitReading.load(base).then(loaded => {
        reader = loaded;
        page = loaded.page;
        if (padHandle) readPad(padValue()); else publish(answer);
        return loaded;
      });
    }
    return readerLoading;
  }

  function publish(next) {
    answer = next;
    views = views.filter(view => view.element.isConnected);  // Gradio may rebuild a component: its old view goes.
    for (const view of views) view.show(answer);
  }

  // The pad's value -> what every view shows; `moving`: the pen is still down (the answer skips its finer print).
  function readPad(value, moving = false) {
    if (!reader) { publish({kind: 'loading', seq: value.seq}); return null; }
    const result = reader.readPad(value);
    if (result.readings) publish({kind: 'readings', seq: value.seq, readings: result.readings, moving});
    else publish({kind: result.error, seq: value.seq});
    return result;
  }

  function showImages(seq, images, sentence) {
    if (seq < answer.seq || !reader) return;  // The page has drawn something newer since.
    if (sentence) publish({kind: 'sentence', seq, sentence, photo: true});
    else publish({kind: 'readings', seq, readings: images.map(image => reader.read(Float32Array.from(image.flat()))), photo: true});
  }

  // A photo was chosen: the pad empties, so the page reads the photo (the server answers it for the pad's new
  // sequence number); taken away, its answer goes too. Returns the pad's value for the server.
  function forPhoto(photo) {
    if (photo && padHandle) padHandle.clear();
    else if (!photo && answer.photo) publish({kind: 'empty', seq: answer.seq});
    return padValue();
  }

  // --- Words --------------------------------------------------------------------------------------------------

  const percent = (value, digits) => `${(100 * value).toFixed(digits)}%`;

  function digitSentence(reading) {
    const [best, second] = reading.ranked;
    const confidence = reading.probabilities[best];
    if (!reading.isDigit) return `That doesn't look like a digit (closest: ${best}).`;
    if (confidence < page.not_sure_below) {
      return `<b>Not sure</b>: ${best} (${percent(confidence, 0)}) or ${second} (${percent(reading.probabilities[second], 0)})? ` +
             'Try drawing it larger or more clearly.';
    }
    return `It reads <b>${best}</b> with ${percent(confidence, 1)} probability.`;
  }

  const numberRead = readings => readings.map(reading => (reading.isDigit ? String(reading.digit) : page.not_a_digit_mark)).join('');

  function numberSentence(readings) {
    let text = `It reads <b>${numberRead(readings)}</b>.`;
    const unsure = readings.map((reading, place) => (reading.isDigit ? null : place + 1)).filter(place => place !== null);
    if (unsure.length) {
      text += ` (${page.not_a_digit_mark}: mark ${unsure.join(', ')} from the left doesn't look like a digit; write it again more clearly.)`;
    }
    return text;
  }

  function labelOf(readings) {
    if (readings.length > 1) return numberRead(readings);
    return readings[0].isDigit ? String(readings[0].digit) : page.not_a_digit;
  }

  function sentenceOf(shown) {
    if (shown.kind === 'readings') return shown.readings.length > 1 ? numberSentence(shown.readings) : digitSentence(shown.readings[0]);
    if (shown.kind === 'sentence') return escape(shown.sentence);
    if (!page) return 'Loading the network...';
    return escape(page.sentences[shown.kind] || page.sentences.empty);
  }

  const escape = text => String(text).replace(/[&<>"]/g, character => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[character]));

  // --- Pictures -----------------------------------------------------------------------------------------------

  function colour(value, strongest) {  // activations >= 0 -> the sequential palette's colour
    const palette = page.sequential;
    const level = strongest > 0 ? Math.min(palette.length - 1, Math.round(value / strongest * (palette.length - 1))) : 0;
    return palette[level];
  }

  // Maps (height x width x channels, channels last) -> one canvas pixel per value, `columns` maps across, 1 px gaps.
  function drawMaps(canvas, values, height, width, channels, columns) {
    const rows = Math.ceil(channels / columns);
    canvas.width = columns * (width + 1) - 1;
    canvas.height = rows * (height + 1) - 1;
    const context = canvas.getContext('2d'), picture = context.createImageData(canvas.width, canvas.height);
    picture.data.fill(255);
    let strongest = 0;
    for (const value of values) strongest = Math.max(strongest, value);
    for (let channel = 0; channel < channels; channel++) {
      const top = Math.floor(channel / columns) * (height + 1), left = (channel % columns) * (width + 1);
      for (let row = 0; row < height; row++) {
        for (let column = 0; column < width; column++) {
          const [red, green, blue] = colour(values[(row * width + column) * channels + channel], strongest);
          const at = ((top + row) * canvas.width + left + column) * 4;
          picture.data[at] = red; picture.data[at + 1] = green; picture.data[at + 2] = blue;
        }
      }
    }
    context.putImageData(picture, 0, 0);
    return strongest;
  }

  // The 28x28 input as the network reads it: white ink on black, and with `numbers` each pixel's value 0-255
  // written in it (left out while the pen moves: half the cost of an answer, and unreadable at ten a second).
  function drawInput(canvas, image, cell, numbers) {
    const size = page.image_size;
    canvas.width = canvas.height = size * cell;
    const context = canvas.getContext('2d');
    const pixels = new ImageData(size, size), small = document.createElement('canvas');
    image.forEach((value, index) => {
      pixels.data.fill(Math.round(value * 255), 4 * index, 4 * index + 3);
      pixels.data[4 * index + 3] = 255;
    });
    small.width = small.height = size;
    small.getContext('2d').putImageData(pixels, 0, 0);
    context.imageSmoothingEnabled = false;
    context.drawImage(small, 0, 0, canvas.width, canvas.height);
    if (!numbers || cell < 14) return;
    context.font = `${Math.floor(cell * 0.36)}px sans-serif`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    image.forEach((value, index) => {
      const level = Math.round(value * 255);
      if (level === 0) return;
      context.fillStyle = level > 128 ? '#000' : '#fff';
      context.fillText(String(level), (index % size + 0.5) * cell, (Math.floor(index / size) + 0.5) * cell);
    });
  }

  function bars(probabilities, count) {
    const ranked = Array.from(probabilities.keys()).sort((a, b) => probabilities[b] - probabilities[a]).slice(0, count);
    return '<ol class="bars">' + ranked.map(digit => `<li><span class="bar-digit">${digit}</span>` +
      `<span class="bar"><span style="width:${(100 * probabilities[digit]).toFixed(1)}%"></span></span>` +
      `<span class="bar-value">${percent(probabilities[digit], 1)}</span></li>`).join('') + '</ol>';
  }

  // --- The pad --------------------------------------------------------------------------------------------------

  function mountPad(element, options) {
    const canvas = element.querySelector('.pad-canvas');
    const context = canvas.getContext('2d');
    const {side, pen} = options, [lightest, heaviest] = options.pressure_scale;
    let strokes = (options.value?.strokes || []).map(stroke => stroke.slice());
    let seq = options.value?.seq || 0;
    let stroke = null, lastRead = 0, waiting = null;

    const widthAt = pressure => pen * (lightest + (heaviest - lightest) * pressure);
    function paint(from, to) {
      const scale = canvas.width / side;
      context.lineCap = context.lineJoin = 'round';
      context.strokeStyle = '#111';
      context.lineWidth = (widthAt(from[2]) + widthAt(to[2])) / 2 * scale;
      context.beginPath();
      context.moveTo(from[0] * scale, from[1] * scale);
      context.lineTo(to[0] * scale, to[1] * scale);
      context.stroke();
    }
    function paintDot(point) {
      const scale = canvas.width / side;
      context.fillStyle = '#111';
      context.beginPath();
      context.arc(point[0] * scale, point[1] * scale, widthAt(point[2]) / 2 * scale, 0, 2 * Math.PI);
      context.fill();
    }
    function repaint() {
      context.clearRect(0, 0, canvas.width, canvas.height);
      for (const points of strokes) {
        paintDot(points[0]);
        for (let index = 1; index < points.length; index++) paint(points[index - 1], points[index]);
      }
    }
    // Crisp on any screen: the canvas has a pixel for each of the screen's, and follows its size on the page.
    function fit() {
      const pixels = Math.max(1, Math.round(canvas.getBoundingClientRect().width * (window.devicePixelRatio || 1)));
      if (canvas.width !== pixels) { canvas.width = canvas.height = pixels; repaint(); }
    }
    new ResizeObserver(fit).observe(canvas);
    fit();

    // Every change of the drawing gets the next sequence number, and is read here and now.
    function changed() {
      clearTimeout(waiting);
      waiting = null;
      lastRead = performance.now();
      seq += 1;
      const value = {seq, side, pen, strokes: strokes.map(points => points.slice())};
      readPad(value, stroke !== null);
    }
    function changedSoon() {  // While the pen moves: at most every send_interval ms.
      const due = lastRead + options.send_interval - performance.now();
      if (due <= 0) changed();
      else if (waiting === null) waiting = setTimeout(changed, due);
    }
    function pointAt(event) {
      const box = canvas.getBoundingClientRect();
      if (!(box.width > 0 && box.height > 0)) return null;  // The pad is hidden (another tab is open).
      const pressure = event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : options.normal_pressure;
      const round = number => Math.round(number * 10) / 10;
      return [round((event.clientX - box.left) * side / box.width), round((event.clientY - box.top) * side / box.height),
              Math.round(pressure * 100) / 100];
    }
    canvas.addEventListener('pointerdown', event => {
      if (event.button !== undefined && event.button > 0) return;
      event.preventDefault();
      canvas.focus({preventScroll: true});  // Escape and Backspace then clear and undo.
      const point = pointAt(event);
      if (point === null) return;
      canvas.setPointerCapture(event.pointerId);
      stroke = [point];
      strokes.push(stroke);
      paintDot(stroke[0]);
    });
    canvas.addEventListener('pointermove', event => {
      if (stroke === null) return;
      event.preventDefault();
      const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      for (const each of (events.length ? events : [event])) {
        const point = pointAt(each);
        if (point === null) continue;
        paint(stroke[stroke.length - 1], point);
        stroke.push(point);
      }
      changedSoon();
    });
    function penUp() {
      if (stroke === null) return;
      stroke = null;
      changed();  // The drawing as the pen left it: the answer settles on this one.
    }
    canvas.addEventListener('pointerup', penUp);
    canvas.addEventListener('pointercancel', penUp);

    function clear() {
      stroke = null;
      strokes = [];
      repaint();
      changed();
    }
    function undo() {
      if (strokes.length === 0) return;
      strokes.pop();
      stroke = null;
      repaint();
      changed();
    }
    element.querySelector('.pad-clear').addEventListener('click', clear);
    element.querySelector('.pad-undo').addEventListener('click', undo);
    canvas.addEventListener('keydown', event => {
      if (event.key === 'Escape' || event.key === 'Delete') { event.preventDefault(); clear(); }
      if (event.key === 'Backspace' || ((event.ctrlKey || event.metaKey) && event.key === 'z')) {
        event.preventDefault(); undo();
      }
    });
    // A newer value set from outside (a photo was chosen, which empties the pad): draw what it holds.
    padHandle = {
      clear,
      value: () => ({seq, side, pen, strokes: strokes.map(points => points.slice())}),
      replace(value) {
        if ((value?.seq || 0) <= seq) return;
        seq = value.seq;
        strokes = (value.strokes || []).map(points => points.slice());
        stroke = null;
        repaint();
      },
    };
    return padHandle;
  }

  // --- The answer beside the pad ----------------------------------------------------------------------------------

  function mountAnswer(element) {
    element.innerHTML = '<div class="answer" aria-live="polite"><div class="answer-label" data-testid="reading"></div>' +
      '<p class="answer-sentence"></p><div class="answer-bars"></div><figure class="answer-figure">' +
      '<div class="answer-inputs"></div><figcaption></figcaption></figure></div>';
    const label = element.querySelector('.answer-label'), sentence = element.querySelector('.answer-sentence');
    const barsBox = element.querySelector('.answer-bars'), inputs = element.querySelector('.answer-inputs');
    const caption = element.querySelector('figcaption'), box = element.querySelector('.answer');
    const show = shown => {
      sentence.innerHTML = sentenceOf(shown);
      box.dataset.seq = shown.seq;  // Which drawing it shows, and what: 'readings', 'empty'...
      box.dataset.kind = shown.kind;
      if (shown.kind !== 'readings') {
        label.textContent = ''; barsBox.innerHTML = ''; inputs.innerHTML = ''; caption.textContent = '';
        return;
      }
      const readings = shown.readings;
      label.textContent = labelOf(readings);
      inputs.innerHTML = '';
      if (readings.length === 1) {
        barsBox.innerHTML = bars(readings[0].probabilities, page.top_classes);
        const canvas = document.createElement('canvas');
        canvas.className = 'answer-input';
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', 'What the network sees: 28x28 numbers from 0 to 255');
        drawInput(canvas, readings[0].image, 20, !shown.moving);
        inputs.append(canvas);
        caption.textContent = page.input_caption;
      } else {
        barsBox.innerHTML = '';
        readings.forEach((reading, place) => {
          const figure = document.createElement('div');
          figure.className = 'answer-digit';
          const canvas = document.createElement('canvas');
          canvas.className = 'answer-input';
          drawInput(canvas, reading.image, 4, false);
          figure.append(canvas);
          figure.insertAdjacentHTML('beforeend', `<div class="answer-digit-label">${reading.isDigit ? reading.digit : page.not_a_digit_mark}</div>` +
                                    bars(reading.probabilities, page.top_classes));
          figure.title = `digit ${place + 1} from the left`;
          inputs.append(figure);
        });
        caption.textContent = page.number_caption;
      }
    };
    views.push({element, show});
    if (page) show(answer);
  }

  // --- Inside the CNN: every layer's outputs for the drawing ---------------------------------------------------

  function mountInside(element) {
    let chosen = 0;
    element.innerHTML = '<div class="inside"><div class="inside-digits" role="group" aria-label="Which digit to look at"></div>' +
      '<p class="inside-sentence"></p><div class="inside-layers"></div></div>';
    const digits = element.querySelector('.inside-digits'), sentence = element.querySelector('.inside-sentence');
    const layers = element.querySelector('.inside-layers');
    let stale = false;
    function show(shown) {
      // Hidden (another tab is open): drawn when it shows, so a drawing costs the pad's answer alone.
      stale = element.offsetParent === null;
      if (stale) return;
      element.querySelector('.inside').dataset.seq = shown.seq;
      sentence.innerHTML = sentenceOf(shown);
      if (shown.kind !== 'readings') { digits.innerHTML = ''; layers.innerHTML = ''; return; }
      const readings = shown.readings;
      chosen = Math.min(chosen, readings.length - 1);
      digits.innerHTML = readings.length < 2 ? '' : 'Digit: ' + readings.map((reading, place) =>
        `<button type="button" data-place="${place}" aria-pressed="${place === chosen}">${place + 1}: ${reading.isDigit ? reading.digit : page.not_a_digit_mark}</button>`).join('');
      const reading = readings[chosen];
      if (readings.length > 1) sentence.innerHTML = `Digit ${chosen + 1} from the left. ` + digitSentence(reading);
      layers.innerHTML = '';
      for (const [name, title, columns] of page.layer_views) {
        const shape = reader.outputShapes[name];
        const section = document.createElement('section');
        section.className = 'inside-layer';
        section.dataset.layer = name;
        const canvas = document.createElement('canvas');
        canvas.setAttribute('role', 'img');
        const values = reading.outputs[name];
        const strongest = shape.length === 3 ? drawMaps(canvas, values, shape[0], shape[1], shape[2], columns)
          : drawMaps(canvas, values, 1, 1, shape[0], columns);
        canvas.setAttribute('aria-label', `${title}: ${shape.join('x')}`);
        section.innerHTML = `<h4>${escape(title)}: ${shape.join('x')}</h4>`;
        section.append(canvas);
        section.insertAdjacentHTML('beforeend', `<p class="inside-scale">brightest = ${strongest.toFixed(2)}, darkest = 0</p>`);
        layers.append(section);
      }
      const output = document.createElement('section');
      output.className = 'inside-layer inside-output';
      output.dataset.layer = 'output';
      output.innerHTML = `<h4>output (softmax): 10 probabilities</h4>${bars(reading.probabilities, 10)}`;
      layers.append(output);
    }
    digits.addEventListener('click', event => {
      const place = event.target.closest('button')?.dataset.place;
      if (place === undefined) return;
      chosen = Number(place);
      show(answer);
    });
    views.push({element, show});
    new ResizeObserver(() => { if (stale && page) show(answer); }).observe(element);
    if (page) show(answer);
  }

  // --- On the app's gr.HTML components (app.py) -------------------------------------------------------------------

  // The pad: read in the page, never sent (the Learn and Train tabs take its value when they ask the server); a value
  // set from outside (a chosen photo empties the pad) is drawn.
  function mountGradioPad(element, props, watch) {
    const pad = mountPad(element, props);
    watch('value', () => pad.replace(props.value));
  }

  // The answer: the server's value ({seq, images, sentence}) for a photo.
  function mountGradioAnswer(element, props, watch) {
    mountAnswer(element.querySelector('.answer-host') || element);
    watch('value', () => { const value = props.value; if (value && value.seq !== undefined) showImages(value.seq, value.images || [], value.sentence); });
  }

  root.DrawADigit = {configure, mountPad, mountAnswer, mountInside, mountGradioPad, mountGradioAnswer, showImages,
                     forPhoto, readPad, current: () => answer, padValue};
})(typeof window !== 'undefined' ? window : globalThis);
