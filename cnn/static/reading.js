// Reading in the browser: the drawing pad's strokes -> each digit's 28x28 input -> the lecture's CNN -> readings.
//
// The same steps, in the same order and float64 arithmetic, as the Python package's reading of a pad drawing
// (cnn.preprocess.to_mnist, cnn.segment.pad_digits / pad_cuts_in_two, cnn.inference.DigitReader.read_number),
// which stays the reference: tests/browser/test_browser_reading.py reads 1,000 drawings both ways and compares. Every
// constant comes from reading.json, written by cnn/site.py from the Python constants, beside the weights.
//
//   const reader = await DigitReading.load('/base/url/');       // reading.json and weights.bin
//   const answer = reader.readPad({side: 280, pen: 20, strokes: [[[x, y, pressure], ...], ...]});
//   answer.readings[0].digit, .probabilities, .isDigit, .image (Float32Array 784), .outputs.conv1 ...
(function (root) {
  'use strict';

  // --- The pen: capsules (a disc at every point, a band between points) rendered with 1-pixel soft edges ------

  function brushRadius(constants, pen, pressure) {
    const [low, high] = constants.pressure_scale;
    return pen * (low + (high - low) * Math.min(Math.max(pressure, 0), 1)) / 2;
  }

  // strokes [[[x, y, p], ...], ...] -> capsules [[ax, ay, bx, by, radius], ...] in pad units (cnn.strokes.capsules).
  function capsules(constants, strokes, pen) {
    const marks = [];
    for (const points of strokes) {
      const radii = points.map(point => brushRadius(constants, pen, point[2]));
      const bands = radii.slice(1).map((radius, index) => (radii[index] + radius) / 2);
      // A disc no wider than a band through its point adds no ink (as cnn.strokes.capsules leaves it out).
      points.forEach((point, index) => {
        const beside = Math.max(index > 0 ? bands[index - 1] : -Infinity, index < bands.length ? bands[index] : -Infinity);
        if (radii[index] > beside) marks.push([point[0], point[1], point[0], point[1], radii[index]]);
      });
      for (let index = 0; index + 1 < points.length; index++) {
        const [from, to] = [points[index], points[index + 1]];
        marks.push([from[0], from[1], to[0], to[1], bands[index]]);
      }
    }
    return marks;
  }

  // Capsules in pad units -> Float64Array rows x columns coverage (cnn.strokes.render).
  function render(marks, scale, originX, originY, rows, columns) {
    const coverage = new Float64Array(rows * columns);
    for (const mark of marks) {
      const ax = (mark[0] - originX) * scale, ay = (mark[1] - originY) * scale;
      const bx = (mark[2] - originX) * scale, by = (mark[3] - originY) * scale;
      const radius = mark[4] * scale;
      const clamp = (value, last) => Math.min(Math.max(value, 0), last);
      const left = clamp(Math.floor(Math.min(ax, bx) - radius - 1), columns - 1);
      const right = clamp(Math.ceil(Math.max(ax, bx) + radius), columns - 1);
      const top = clamp(Math.floor(Math.min(ay, by) - radius - 1), rows - 1);
      const bottom = clamp(Math.ceil(Math.max(ay, by) + radius), rows - 1);
      const dx = bx - ax, dy = by - ay, length = dx * dx + dy * dy;
      for (let row = top; row <= bottom; row++) {
        const y = row + 0.5;
        for (let column = left; column <= right; column++) {
          const x = column + 0.5;
          const along = length > 0 ? Math.min(Math.max(((x - ax) * dx + (y - ay) * dy) / length, 0), 1) : 0;
          const nearestX = ax + along * dx - x, nearestY = ay + along * dy - y;
          const inked = Math.min(Math.max(radius - Math.sqrt(nearestX * nearestX + nearestY * nearestY) + 0.5, 0), 1);
          const at = row * columns + column;
          if (inked > coverage[at]) coverage[at] = inked;
        }
      }
    }
    return coverage;
  }

  // --- One digit's strokes -> its 28x28 input (cnn.preprocess) -------------------------------------------------

  const rounded = size => Math.max(1, Math.floor(size + 0.5));

  // Capsules -> [lowX, lowY, highX, highY]: the box around their ink, `margin` wider, in pad units (strokes.ink_bounds).
  function inkBounds(marks, margin) {
    let lowX = Infinity, lowY = Infinity, highX = -Infinity, highY = -Infinity;
    for (const [ax, ay, bx, by, radius] of marks) {
      const reach = radius + margin;
      lowX = Math.min(lowX, Math.min(ax, bx) - reach); lowY = Math.min(lowY, Math.min(ay, by) - reach);
      highX = Math.max(highX, Math.max(ax, bx) + reach); highY = Math.max(highY, Math.max(ay, by) + reach);
    }
    return [lowX, lowY, highX, highY];
  }

  // Pad strokes -> {pixels: Float64Array, rows, columns}: the ink with its longer side working_size (pad_working_ink).
  function workingInk(constants, strokes, pen) {
    const marks = capsules(constants, strokes, pen);
    if (!marks.length) return null;
    const [lowX, lowY, highX, highY] = inkBounds(marks, 0);
    const width = highX - lowX, height = highY - lowY;
    const scale = constants.working_size / Math.max(width, height);
    const rows = rounded(height * scale), columns = rounded(width * scale);
    return {pixels: render(marks, scale, lowX, lowY, rows, columns), rows, columns};
  }

  function strokeWidth(mask, rows, columns) {
    let area = 0, perimeter = 0;
    const at = (row, column) => (row >= 0 && row < rows && column >= 0 && column < columns ? mask[row * columns + column] : 0);
    for (let row = -1; row < rows; row++) {
      for (let column = -1; column < columns; column++) {
        if (row >= 0 && column >= 0 && at(row, column)) area++;
        if (column >= 0 && at(row, column) !== at(row + 1, column)) perimeter++;
        if (row >= 0 && at(row, column) !== at(row, column + 1)) perimeter++;
      }
    }
    return area === 0 ? 0 : 2 * area / perimeter;
  }

  // Dilate (grow) or erode by `steps` pixels: a 3x3 square on even steps, a cross on odd ones (cnn.preprocess._morph).
  function morph(mask, rows, columns, steps, grow) {
    const fill = grow ? 0 : 1;
    for (let step = 0; step < steps; step++) {
      const next = new Uint8Array(rows * columns);
      const at = (row, column) => (row >= 0 && row < rows && column >= 0 && column < columns ? mask[row * columns + column] : fill);
      for (let row = 0; row < rows; row++) {
        for (let column = 0; column < columns; column++) {
          const around = [at(row, column), at(row - 1, column), at(row + 1, column), at(row, column - 1), at(row, column + 1)];
          if (step % 2 === 0) around.push(at(row - 1, column - 1), at(row - 1, column + 1), at(row + 1, column - 1), at(row + 1, column + 1));
          next[row * columns + column] = grow ? Math.max(...around) : Math.min(...around);
        }
      }
      mask = next;
    }
    return mask;
  }

  // Working coverage -> a mask whose strokes are about MNIST's width (normalise_stroke_width).
  function normaliseStrokeWidth(constants, working) {
    let {rows, columns} = working;
    let strongest = 0;
    for (const value of working.pixels) strongest = Math.max(strongest, value);
    let mask = Uint8Array.from(working.pixels, value => (value > constants.ink_threshold * strongest ? 1 : 0));
    const width = strokeWidth(mask, rows, columns);
    let steps = Math.floor((constants.mnist_stroke_width - width) / 2 + 0.5);
    if (steps > 0) {
      const padded = new Uint8Array((rows + 2 * steps) * (columns + 2 * steps));
      for (let row = 0; row < rows; row++) {
        for (let column = 0; column < columns; column++) padded[(row + steps) * (columns + 2 * steps) + column + steps] = mask[row * columns + column];
      }
      rows += 2 * steps; columns += 2 * steps;
      mask = morph(padded, rows, columns, steps, true);
    } else if (steps < 0) {
      steps = Math.max(steps, -Math.floor(width / 3));
      const eroded = morph(mask, rows, columns, -steps, false);
      if (eroded.some(value => value)) mask = eroded;
    }
    return {pixels: Float64Array.from(mask), rows, columns};
  }

  function cropToInk(picture) {
    const {pixels, rows, columns} = picture;
    let top = rows, bottom = -1, left = columns, right = -1;
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        if (pixels[row * columns + column] > 0) {
          top = Math.min(top, row); bottom = Math.max(bottom, row);
          left = Math.min(left, column); right = Math.max(right, column);
        }
      }
    }
    if (bottom < 0) return null;
    const height = bottom - top + 1, width = right - left + 1, cropped = new Float64Array(height * width);
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) cropped[row * width + column] = pixels[(row + top) * columns + column + left];
    }
    return {pixels: cropped, rows: height, columns: width};
  }

  // Weights of a triangle filter as wide as the step (cnn.preprocess._resampling): rows of `target`, each over `source`.
  function resampling(source, target) {
    const step = source / target, support = Math.max(step, 1);
    const weights = [];
    for (let index = 0; index < target; index++) {
      const centre = (index + 0.5) * step, row = new Float64Array(source);
      let total = 0;
      for (let position = 0; position < source; position++) {
        row[position] = Math.max(0, 1 - Math.abs(position + 0.5 - centre) / support);
        total += row[position];
      }
      for (let position = 0; position < source; position++) row[position] /= total;
      weights.push(row);
    }
    return weights;
  }

  function resize(picture, longestSide) {
    const {pixels, rows, columns} = picture;
    const scale = longestSide / Math.max(rows, columns);
    const height = rounded(rows * scale), width = rounded(columns * scale);
    const down = resampling(rows, height), across = resampling(columns, width);
    const half = new Float64Array(height * columns);  // Rows first, then columns.
    for (let row = 0; row < height; row++) {
      const weights = down[row];
      for (let source = 0; source < rows; source++) {
        const weight = weights[source];
        if (weight === 0) continue;
        for (let column = 0; column < columns; column++) half[row * columns + column] += weight * pixels[source * columns + column];
      }
    }
    const out = new Float64Array(height * width);
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        const weights = across[column];
        let total = 0;
        for (let source = 0; source < columns; source++) total += weights[source] * half[row * columns + source];
        out[row * width + column] = Math.fround(total);
      }
    }
    return {pixels: out, rows: height, columns: width};
  }

  // A digit of at most 20x20 -> Float32Array 28x28 with its centre of mass at MNIST's centre (place_by_centre_of_mass).
  function placeByCentreOfMass(constants, digit) {
    const size = constants.image_size, {pixels, rows, columns} = digit;
    let total = 0, rowMoment = 0, columnMoment = 0;
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        const value = pixels[row * columns + column];
        total += value; rowMoment += value * row; columnMoment += value * column;
      }
    }
    if (total <= 0) return null;
    const top = Math.min(Math.max(constants.mnist_centre[0] - rowMoment / total, 0), size - rows);
    const left = Math.min(Math.max(constants.mnist_centre[1] - columnMoment / total, 0), size - columns);
    const wholeTop = Math.floor(top), wholeLeft = Math.floor(left);
    const fractionTop = top - wholeTop, fractionLeft = left - wholeLeft;
    const canvas = new Float64Array((size + 1) * (size + 1));
    for (const [rowOffset, rowWeight] of [[0, 1 - fractionTop], [1, fractionTop]]) {
      for (const [columnOffset, columnWeight] of [[0, 1 - fractionLeft], [1, fractionLeft]]) {
        for (let row = 0; row < rows; row++) {
          for (let column = 0; column < columns; column++) {
            canvas[(wholeTop + rowOffset + row) * (size + 1) + wholeLeft + columnOffset + column] +=
              rowWeight * columnWeight * pixels[row * columns + column];
          }
        }
      }
    }
    const image = new Float32Array(size * size);
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) image[row * size + column] = Math.min(Math.max(canvas[row * (size + 1) + column], 0), 1);
    }
    return image;
  }

  // One digit's strokes -> Float32Array 784 (to_mnist of a pad value), or null if nothing is drawn.
  function toMnist(constants, strokes, pen) {
    const working = workingInk(constants, strokes, pen);
    if (working === null) return null;
    const cropped = cropToInk(normaliseStrokeWidth(constants, working));
    return cropped && placeByCentreOfMass(constants, resize(cropped, constants.digit_box_size));
  }

  // --- A number: which strokes make each digit (cnn.segment's pad part) ----------------------------------------

  const ptp = values => Math.max(...values) - Math.min(...values);
  const bounds = boxes => [Math.min(...boxes.map(box => box[0])), Math.max(...boxes.map(box => box[1])),
                           Math.min(...boxes.map(box => box[2])), Math.max(...boxes.map(box => box[3]))];

  function boxesWithin(box, other, reach) {
    return Math.max(box[0], other[0]) - Math.min(box[1], other[1]) <= reach &&
           Math.max(box[2], other[2]) - Math.min(box[3], other[3]) <= reach;
  }

  function spread(points, count) {  // np.linspace(0, n - 1, min(n, count)).astype(int)
    const total = Math.min(points.length, count);
    if (total === 1) return [points[0]];
    const step = (points.length - 1) / (total - 1);
    return Array.from({length: total}, (_, index) => points[index === total - 1 ? points.length - 1 : Math.trunc(index * step)]);
  }

  function nearestDistance(constants, points, others) {
    const some = spread(points, constants.distance_points), more = spread(others, constants.distance_points);
    let nearest = Infinity;
    for (const a of some) {
      for (const b of more) nearest = Math.min(nearest, (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2);
    }
    return Math.sqrt(nearest);
  }

  // Boxes (left, right, top, bottom) and joined pairs "i,j" -> groups of indices, one per digit (segment._groups).
  function groupsOf(constants, boxes, joined) {
    const tallest = Math.max(...boxes.map(box => box[3] - box[2] + 1));
    const small = boxes.map(box => Math.max(box[1] - box[0], box[3] - box[2]) + 1 < constants.small_mark * tallest);
    const groups = [], spans = [];
    boxes.forEach((box, index) => { if (!small[index]) { groups.push([index]); spans.push(box); } });
    let merged = true;
    while (merged) {
      merged = false;
      search: for (let first = 0; first < groups.length; first++) {
        for (let second = first + 1; second < groups.length; second++) {
          const [leftA, rightA] = spans[first], [leftB, rightB] = spans[second];
          const overlap = Math.min(rightA, rightB) - Math.max(leftA, leftB) + 1;
          const narrower = Math.min(rightA - leftA, rightB - leftB) + 1;
          const together = bounds([spans[first], spans[second]]);
          const touching = groups[first].some(a => groups[second].some(b => joined.has(`${Math.min(a, b)},${Math.max(a, b)}`))) &&
                           together[1] - together[0] <= constants.maybe_touching_aspect * (together[3] - together[2]);
          if (overlap >= constants.overlap_fraction * narrower || touching) {
            groups[first] = groups[first].concat(groups.splice(second, 1)[0]);
            spans[first] = together;
            spans.splice(second, 1);
            merged = true;
            break search;
          }
        }
      }
    }
    boxes.forEach((box, index) => {
      if (!small[index]) return;
      const centre = (box[0] + box[1]) / 2;
      let nearest = 0, distance = Infinity;
      spans.forEach((span, group) => {
        const away = Math.max(span[0] - centre, centre - span[1], 0);
        if (away < distance) { distance = away; nearest = group; }
      });
      groups[nearest].push(index);
    });
    return groups;
  }

  // A piece of a number: some of the strokes, inked with a pen at most pen_fraction of their height (segment._piece).
  function piece(constants, strokes, pen, indices) {
    const chosen = [...indices].sort((a, b) => a - b).map(index => strokes[index]);
    const height = ptp(chosen.flat().map(point => point[1]));
    return {strokes: chosen, pen: Math.min(pen, Math.max(constants.pen_fraction * height, 0.1 * pen))};
  }

  // Strokes -> pieces ({strokes, pen}) left to right, or null where a digit is wider than digits are (pad_digits).
  function padDigits(constants, strokes, pen) {
    if (strokes.length <= 1) return [{strokes, pen}];
    const boxes = strokes.map(points => [Math.min(...points.map(p => p[0])), Math.max(...points.map(p => p[0])),
                                         Math.min(...points.map(p => p[1])), Math.max(...points.map(p => p[1]))]);
    const reach = constants.joined_distance * pen, joined = new Set();
    for (let first = 0; first < strokes.length; first++) {
      for (let second = first + 1; second < strokes.length; second++) {
        if (boxesWithin(boxes[first], boxes[second], reach) && nearestDistance(constants, strokes[first], strokes[second]) <= reach) {
          joined.add(`${first},${second}`);
        }
      }
    }
    const groups = groupsOf(constants, boxes, joined);
    for (const members of groups) {
      const [left, right, top, bottom] = bounds(members.map(index => boxes[index]));
      if (right - left > constants.touching_aspect * (bottom - top)) return null;
    }
    if (groups.length > constants.maximum_digits) throw new RangeError(`at most ${constants.maximum_digits} digits`);
    if (groups.length === 1) return [{strokes, pen}];
    const middle = members => members.reduce((total, index) => total + boxes[index][0] + boxes[index][1], 0) / members.length;
    groups.sort((a, b) => middle(a) - middle(b));
    return groups.map(members => piece(constants, strokes, pen, members));
  }

  // One digit's piece -> [[left piece, right piece], ...]: its strokes parted left from right (pad_cuts_in_two).
  function padCutsInTwo(constants, part) {
    const {strokes, pen} = part;
    if (strokes.length < 2) return [];
    const points = strokes.flat();
    const height = ptp(points.map(point => point[1]));
    if (ptp(points.map(point => point[0])) <= constants.pad_maybe_touching_aspect * height) return [];
    const meanX = points => points.reduce((total, point) => total + point[0], 0) / points.length;
    const order = strokes.map((points, index) => [meanX(points), index]).sort((a, b) => a[0] - b[0]).map(pair => pair[1]);
    const tall = indices => ptp(indices.flatMap(index => strokes[index]).map(point => point[1])) >= constants.side_by_side_height * height;
    const pairs = [];
    for (let cut = 1; cut < strokes.length; cut++) {
      const left = order.slice(0, cut), right = order.slice(cut);
      if (tall(left) && tall(right)) pairs.push([piece(constants, strokes, pen, left), piece(constants, strokes, pen, right)]);
    }
    return pairs;
  }

  // --- Digits joined by a stroke: cut in the pad's ink, as in a picture (cnn.segment.digit_inks) ----------------

  const f32 = Math.fround;

  // The pad's ink in the window around it, at render_side for the pad (cnn.strokes.ink(value, crop=True)), scaled so
  // the strongest ink is 1 (cnn.preprocess._require_ink): {pixels: Float32Array, rows, columns}, or null if none.
  function padInk(constants, strokes, pen, side) {
    const marks = capsules(constants, strokes, pen), full = constants.render_side, scale = full / side;
    // A pixel's centre up to one pixel past a capsule's edge may be inked.
    const [lowX, lowY, highX, highY] = inkBounds(marks, 1 / scale);
    const clamp = value => Math.min(Math.max(value, 0), full);
    const left = clamp(Math.floor(lowX * scale)), top = clamp(Math.floor(lowY * scale));
    const right = Math.max(clamp(Math.ceil(highX * scale)), left + 1), bottom = Math.max(clamp(Math.ceil(highY * scale)), top + 1);
    const rows = bottom - top, columns = right - left;
    const raw = Float32Array.from(render(marks, scale, left / scale, top / scale, rows, columns));
    let largest = 0;
    for (const value of raw) largest = Math.max(largest, value);
    let strongest = largest;
    const blank = full * full - raw.length;
    if (raw.length + blank > constants.quantile_minimum_pixels) {
      const bins = constants.quantile_bins, counts = new Float64Array(bins);
      for (const value of raw) counts[Math.trunc(Math.min(Math.max(f32(value * (bins - 1)), 0), bins - 1))]++;
      counts[0] += blank;
      const target = constants.strongest_quantile * (raw.length + blank);
      let position = 0, total = counts[0];
      while (total < target && position < bins - 1) total += counts[++position];
      if (total < target) position = bins;
      strongest = Math.min(position, bins - 1) / (bins - 1);
    }
    strongest = Math.max(strongest, largest * constants.strongest_at_least);
    if (strongest < constants.minimum_contrast) return null;
    const floor = constants.noise_floor * strongest, span = f32(strongest - floor), low = f32(floor);
    return {pixels: raw.map(value => Math.min(Math.max(f32(f32(value - low) / span), 0), 1)), rows, columns};
  }

  const roundHalfEven = value => {  // Python's round()
    const floor = Math.floor(value), rest = value - floor;
    return rest > 0.5 || (rest === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  };

  // A picture's separate marks (cnn.segment._Marks): on a copy `factor` times smaller, each pixel's mark and its
  // column read upright; null where there is no mark.
  function marksOf(constants, ink) {
    const factor = Math.max(1, Math.ceil(Math.max(ink.rows, ink.columns) / constants.marks_side));
    const rows = Math.ceil(ink.rows / factor), columns = Math.ceil(ink.columns / factor);
    const mask = new Uint8Array(rows * columns);
    for (let row = 0; row < ink.rows; row++) {
      for (let column = 0; column < ink.columns; column++) {
        if (ink.pixels[row * ink.columns + column] > constants.mark_level) mask[Math.floor(row / factor) * columns + Math.floor(column / factor)] = 1;
      }
    }
    const labels = labelMarks(mask, rows, columns);
    if (!labels.count) return null;
    const pixelRows = [], pixelColumns = [], marks = [];
    for (let at = 0; at < labels.labels.length; at++) {
      if (labels.labels[at]) { pixelRows.push(Math.floor(at / columns)); pixelColumns.push(at % columns); marks.push(labels.labels[at] - 1); }
    }
    const mean = pixelRows.reduce((a, b) => a + b, 0) / pixelRows.length;
    const slant = slantOf(constants, pixelRows, pixelColumns, marks, labels.count, mean);
    const upright = pixelColumns.map((column, index) => column - slant * (pixelRows[index] - mean));
    const boxes = Array.from({length: labels.count}, () => [Infinity, -Infinity, Infinity, -Infinity]);
    marks.forEach((mark, index) => {
      const box = boxes[mark];
      box[0] = Math.min(box[0], upright[index]); box[1] = Math.max(box[1], upright[index]);
      box[2] = Math.min(box[2], pixelRows[index]); box[3] = Math.max(box[3], pixelRows[index]);
    });
    return {factor, smallRows: rows, smallColumns: columns, rows: pixelRows, columns: pixelColumns, upright, marks, boxes};
  }

  // Boolean mask -> 8-connected labels 1..n in the order their first run appears (cnn.photo.label_marks).
  function labelMarks(mask, rows, columns) {
    const runs = [];
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        if (mask[row * columns + column] && (column === 0 || !mask[row * columns + column - 1])) {
          let stop = column;
          while (stop < columns && mask[row * columns + stop]) stop++;
          runs.push([row, column, stop]);
        }
      }
    }
    const parent = runs.map((_, index) => index);
    const root = run => { while (parent[run] !== run) { parent[run] = parent[parent[run]]; run = parent[run]; } return run; };
    let previousRow = -2, previous = [], current = [];
    runs.forEach(([row, start, stop], index) => {
      if (row !== previousRow) { previous = row === previousRow + 1 ? current : []; current = []; previousRow = row; }
      for (const other of previous) {
        const [, otherStart, otherStop] = runs[other];
        if (otherStart <= stop && start <= otherStop) parent[root(other)] = root(index);
      }
      current.push(index);
    });
    const roots = new Map(), labels = new Int32Array(rows * columns);
    runs.forEach(([row, start, stop], index) => {
      const key = root(index);
      if (!roots.has(key)) roots.set(key, roots.size + 1);
      labels.fill(roots.get(key), row * columns + start, row * columns + stop);
    });
    return {labels, count: roots.size};
  }

  // The slant under which the marks, read upright, are narrowest in all (cnn.segment._slant).
  function slantOf(constants, rows, columns, marks, count, mean) {
    let best = 0, narrowest = Infinity;
    for (const slant of constants.slants) {
      const highest = new Float64Array(count).fill(-Infinity), lowest = new Float64Array(count).fill(Infinity);
      for (let index = 0; index < rows.length; index++) {
        const upright = columns[index] - slant * (rows[index] - mean);
        highest[marks[index]] = Math.max(highest[marks[index]], upright);
        lowest[marks[index]] = Math.min(lowest[marks[index]], upright);
      }
      let width = 0;
      for (let mark = 0; mark < count; mark++) width += highest[mark] - lowest[mark];
      if (width < narrowest) { narrowest = width; best = slant; }
    }
    return best;
  }

  // The ink with only `members`' marks between upright columns first and last, and their rim (_Marks.ink).
  function marksInk(constants, found, ink, members, first, last) {
    const {factor, smallRows, smallColumns} = found, chosen = new Uint8Array(smallRows * smallColumns);
    const wanted = new Set(members);
    found.marks.forEach((mark, index) => {
      if (wanted.has(mark) && found.upright[index] >= first - 0.5 && found.upright[index] < last + 0.5) {
        chosen[found.rows[index] * smallColumns + found.columns[index]] = 1;
      }
    });
    const grown = new Uint8Array(chosen.length);  // 3x3 maximum, the edges repeated.
    for (let row = 0; row < smallRows; row++) {
      for (let column = 0; column < smallColumns; column++) {
        let any = 0;
        for (let dr = -1; dr <= 1 && !any; dr++) {
          for (let dc = -1; dc <= 1 && !any; dc++) {
            const r = Math.min(Math.max(row + dr, 0), smallRows - 1), c = Math.min(Math.max(column + dc, 0), smallColumns - 1);
            any = chosen[r * smallColumns + c];
          }
        }
        grown[row * smallColumns + column] = any;
      }
    }
    const pixels = new Float32Array(ink.pixels.length);
    for (let row = 0; row < ink.rows; row++) {
      for (let column = 0; column < ink.columns; column++) {
        if (grown[Math.floor(row / factor) * smallColumns + Math.floor(column / factor)]) pixels[row * ink.columns + column] = ink.pixels[row * ink.columns + column];
      }
    }
    return {pixels, rows: ink.rows, columns: ink.columns};
  }

  function cutAt(constants, inkPerColumn, ideal, digitWidth) {  // segment._cut
    const reach = Math.max(1, roundHalfEven(constants.cut_window * digitWidth)), nearest = roundHalfEven(ideal);
    let best = null;
    for (let candidate = Math.max(1, nearest - reach); candidate < Math.min(inkPerColumn.length - 1, nearest + reach + 1); candidate++) {
      const key = [inkPerColumn[candidate], Math.abs(candidate - ideal)];
      if (best === null || key[0] < best[1][0] || (key[0] === best[1][0] && key[1] < best[1][1])) best = [candidate, key];
    }
    return best === null ? roundHalfEven(ideal) : best[0];
  }

  // A number's ink -> one ink per digit, left to right (segment.digit_inks); throws RangeError for too many.
  function digitInks(constants, ink) {
    const found = marksOf(constants, ink);
    if (found === null) return [ink];
    const pieces = [];
    for (const members of groupsOf(constants, found.boxes, new Set())) {
      const [left, right, top, bottom] = bounds(members.map(index => found.boxes[index]));
      const width = right - left + 1, height = bottom - top + 1;
      if (width <= constants.touching_aspect * height) { pieces.push([members, left, right]); continue; }
      const count = Math.max(2, roundHalfEven(width / (constants.digit_aspect * height)));
      const inkPerColumn = [], wanted = new Set(members);
      found.marks.forEach((mark, index) => {
        if (!wanted.has(mark)) return;
        const column = Math.floor(found.upright[index] - left);
        while (inkPerColumn.length <= column) inkPerColumn.push(0);
        inkPerColumn[column]++;
      });
      const cuts = [left];
      for (let part = 1; part < count; part++) cuts.push(left + cutAt(constants, inkPerColumn, part * width / count, width / count));
      cuts.push(right + 1);
      for (let index = 0; index + 1 < cuts.length; index++) if (cuts[index + 1] > cuts[index]) pieces.push([members, cuts[index], cuts[index + 1] - 1]);
    }
    if (pieces.length > constants.maximum_digits) throw new RangeError(`at most ${constants.maximum_digits} digits`);
    if (pieces.length === 1) return [ink];
    pieces.sort((a, b) => (a[1] + a[2]) - (b[1] + b[2]));
    return pieces.map(([members, first, last]) => marksInk(constants, found, ink, members, first, last));
  }

  // One digit's ink -> [[left, right], ...] cut at cut_fractions of its width, if it is as wide as two (cuts_in_two).
  function cutsInTwo(constants, ink) {
    const found = marksOf(constants, ink);
    if (found === null) return [];
    const members = found.boxes.map((_, index) => index);
    const [left, right, top, bottom] = bounds(found.boxes);
    const width = right - left + 1;
    if (width <= constants.maybe_touching_aspect * (bottom - top + 1)) return [];
    return constants.cut_fractions.map(fraction => [marksInk(constants, found, ink, members, left, left + fraction * width - 1),
                                                    marksInk(constants, found, ink, members, left + fraction * width, right)]);
  }

  // One digit's ink -> its 28x28 input (digit_from_ink): cropped, resized to the working size, then as a pad's.
  function digitFromInk(constants, ink) {
    const working = resize(cropToInk(ink), constants.working_size);
    const cropped = cropToInk(normaliseStrokeWidth(constants, working));
    return placeByCentreOfMass(constants, resize(cropped, constants.digit_box_size));
  }

  // --- The network: the lecture's CNN on Float32Arrays, channels last as Keras keeps them ----------------------

  function convolve(input, size, channels, kernel, bias, filters) {  // 3x3, SAME padding, ReLU
    const out = new Float32Array(size * size * filters), sums = new Float64Array(filters);
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) {
        sums.set(bias);
        for (let kernelRow = 0; kernelRow < 3; kernelRow++) {
          const inputRow = row + kernelRow - 1;
          if (inputRow < 0 || inputRow >= size) continue;
          for (let kernelColumn = 0; kernelColumn < 3; kernelColumn++) {
            const inputColumn = column + kernelColumn - 1;
            if (inputColumn < 0 || inputColumn >= size) continue;
            const inputAt = (inputRow * size + inputColumn) * channels;
            const kernelAt = (kernelRow * 3 + kernelColumn) * channels * filters;
            for (let channel = 0; channel < channels; channel++) {
              const value = input[inputAt + channel];
              if (value === 0) continue;  // ReLU leaves most inputs at zero.
              const weights = kernelAt + channel * filters;
              for (let filter = 0; filter < filters; filter++) sums[filter] += value * kernel[weights + filter];
            }
          }
        }
        const outAt = (row * size + column) * filters;
        for (let filter = 0; filter < filters; filter++) out[outAt + filter] = Math.max(sums[filter], 0);
      }
    }
    return out;
  }

  function maxPool(input, size, channels) {  // 2x2
    const half = size / 2, out = new Float32Array(half * half * channels);
    for (let row = 0; row < half; row++) {
      for (let column = 0; column < half; column++) {
        for (let channel = 0; channel < channels; channel++) {
          const at = (r, c) => input[((2 * row + r) * size + 2 * column + c) * channels + channel];
          out[(row * half + column) * channels + channel] = Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1));
        }
      }
    }
    return out;
  }

  function dense(input, kernel, bias, units, activation) {
    const sums = Float64Array.from(bias);
    for (let index = 0; index < input.length; index++) {
      const value = input[index];
      if (value === 0) continue;
      const weights = index * units;
      for (let unit = 0; unit < units; unit++) sums[unit] += value * kernel[weights + unit];
    }
    if (activation === 'relu') return Float32Array.from(sums, value => Math.max(value, 0));
    const largest = Math.max(...sums);
    const exponentials = sums.map(value => Math.exp(value - largest));
    const total = exponentials.reduce((a, b) => a + b, 0);
    return Float32Array.from(exponentials, value => value / total);
  }

  class Reader {
    constructor(manifest, buffer) {
      this.constants = manifest.constants;
      this.layers = manifest.layers;
      this.outputShapes = manifest.output_shapes;
      this.page = manifest.page;  // The page's words and colours (page.js).
      this.weights = {};
      for (const layer of manifest.layers) {
        for (const [name, tensor] of Object.entries(layer.tensors || {})) {
          const count = tensor.shape.reduce((a, b) => a * b, 1);
          this.weights[`${layer.name}/${name}`] = new Float32Array(buffer, tensor.offset * 4, count);
        }
      }
    }

    // Float32Array 784 -> {layer name: Float32Array of its outputs} for every layer (cnn.inference.layer_outputs).
    forward(image) {
      const outputs = {}, weight = name => this.weights[name];
      let current = image, size = this.constants.image_size, channels = 1;
      for (const layer of this.layers) {
        if (layer.kind === 'conv') {
          const filters = layer.tensors.kernel.shape[3];
          current = convolve(current, size, channels, weight(`${layer.name}/kernel`), weight(`${layer.name}/bias`), filters);
          channels = filters;
        } else if (layer.kind === 'pool') {
          current = maxPool(current, size, channels);
          size /= 2;
        } else if (layer.kind === 'flatten') {
          current = Float32Array.from(current);
        } else {
          const units = layer.tensors.kernel.shape[1];
          current = dense(current, weight(`${layer.name}/kernel`), weight(`${layer.name}/bias`), units, layer.activation);
        }
        outputs[layer.name] = current;
      }
      return outputs;
    }

    // Float32Array 784 -> a reading: the input, every layer's outputs, the digit, whether it is one (cnn.Reading).
    read(image) {
      const outputs = this.forward(image);
      const probabilities = outputs.output;
      const ranked = Array.from(probabilities.keys()).sort((a, b) => probabilities[b] - probabilities[a]);
      const likeness = probabilities[ranked[0]] + probabilities[ranked[1]];
      return {image, outputs, probabilities, digit: ranked[0], ranked, likeness, isDigit: likeness >= this.constants.threshold};
    }

    // The pad's value -> {readings: one per digit, left to right} or {error: 'empty' | 'too many' | ...}.
    readPad(value) {
      const strokes = (value.strokes || []).filter(points => points.length);
      const points = strokes.reduce((total, stroke) => total + stroke.length, 0);
      if (!strokes.length) return {error: 'empty'};
      if (points > this.constants.maximum_points) return {error: 'too many points'};
      if (!strokes.every(stroke => stroke.every(point => point.length === 3 && point.every(Number.isFinite)))) {
        return {error: 'not numbers'};  // As cnn.strokes.checked refuses it.
      }
      let pieces;
      try {
        pieces = padDigits(this.constants, strokes, value.pen);
      } catch (error) {
        if (error instanceof RangeError) return {error: 'too many'};
        throw error;
      }
      if (pieces === null) return this.readJoined(strokes, value.pen, value.side);
      // A pad's piece is never empty (it has ink); one read surely as a digit is not cut (the pad reads live).
      const readings = this.wholesOrHalves(pieces, part => padCutsInTwo(this.constants, part),
                                           part => toMnist(this.constants, part.strokes, part.pen),
                                           this.constants.surely_one_digit);
      if (readings.length > this.constants.maximum_digits) return {error: 'too many'};
      return {readings};
    }

    // Pieces (a pad's strokes, or inks), how a piece is cut in two (-> [[left, right], ...]) and how it becomes a
    // 28x28 input -> each piece's reading, or its best cut's two where both read as digits more surely than the
    // whole; a piece read as a digit with at least `surely` is not cut (DigitReader._wholes_or_halves).
    wholesOrHalves(pieces, cut, toImage, surely) {
      const chosen = [];
      for (const piece of pieces) {
        const whole = this.read(toImage(piece)), best = Math.max(...whole.probabilities);
        let pair = null, pairScore = -Infinity;
        if (!(whole.isDigit && best >= surely)) {
          for (const [left, right] of cut(piece)) {
            const halves = [this.read(toImage(left)), this.read(toImage(right))];
            const score = Math.min(...halves.map(half => Math.max(...half.probabilities)));
            if (score > pairScore) { pair = halves; pairScore = score; }
          }
        }
        if (pair && pair.every(half => half.isDigit) && pairScore > best) chosen.push(...pair);
        else chosen.push(whole);
      }
      return chosen;
    }

    // Digits joined by a stroke: the pad's ink cut into digits, each read whole or cut in two, whichever reads as
    // digits more surely (DigitReader.read_number's picture path: every piece is tried).
    readJoined(strokes, pen, side) {
      const ink = padInk(this.constants, strokes, pen, side);
      if (ink === null) return {error: 'empty'};
      let inks;
      try {
        inks = digitInks(this.constants, ink);
      } catch (error) {
        if (error instanceof RangeError) return {error: 'too many'};
        throw error;
      }
      const chosen = this.wholesOrHalves(inks, piece => cutsInTwo(this.constants, piece),
                                         piece => digitFromInk(this.constants, piece), 1);
      if (chosen.length > this.constants.maximum_digits) return {error: 'too many'};
      return {readings: chosen};
    }

    toMnist(strokes, pen) { return toMnist(this.constants, strokes, pen); }
  }

  async function load(base) {
    const [manifest, buffer] = await Promise.all([
      fetch(`${base}reading.json`).then(response => response.json()),
      fetch(`${base}weights.bin`).then(response => response.arrayBuffer()),
    ]);
    return new Reader(manifest, buffer);
  }

  root.DigitReading = {load, Reader};
})(typeof window !== 'undefined' ? window : globalThis);
