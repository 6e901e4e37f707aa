"""Photos: phone-style photos of digits written on paper, made in code, for the photo benchmark and tests.

Our own paper, light and camera: off-white paper lit from one side (one edge 20-40%
darker, a little vignetting), plain, ruled or squared, sometimes with the table
showing along an edge; one digit in a hand training never saw (cnn.handwriting's
held-out hands), written with a ballpoint, a felt pen or a pencil at 15-50% of the
picture's height, anywhere on the page; the camera's blur and noise, JPEG at quality
70-95, 800-4000 px on the longer side, and portrait photos stored sideways with an
EXIF orientation, as phones store them. `bad_photos` are pictures with no digit to
read: a blank page, a photo taken in the dark, a face, and a table with things on it.
"""

import io
import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from cnn.handwriting import handwritten_set
from cnn.redraw import Pen, render

# Colours (RGB 0-255).
PAPERS = ((246, 244, 236), (240, 240, 242), (250, 247, 240), (236, 238, 232))
INKS = {"ballpoint": (30, 45, 125), "black pen": (28, 28, 34), "pencil": (95, 95, 100)}
RULING_COLOUR = (150, 180, 225)
TABLES = ((92, 64, 45), (60, 60, 64), (150, 120, 90), (30, 30, 30))
# The scene is drawn at most this many pixels on a side, then enlarged to the camera's size (its blur).
SCENE_SIDE = 900
EXIF_ORIENTATION = 0x0112
ROTATED_CLOCKWISE = 6  # EXIF: turn the stored picture 90 degrees clockwise to show it upright.


@dataclass
class Conditions:
    """Everything random about one photo."""
    side: int
    portrait: bool
    digit_height_fraction: float
    pen: str
    brush_fraction: float
    darkening: float
    ruling: str  # "plain", "ruled" or "squared"
    table: bool
    quality: int

    @classmethod
    def random(cls, generator: np.random.Generator, sides=(800, 4000)) -> "Conditions":
        return cls(side=int(generator.integers(sides[0], sides[1] + 1)), portrait=bool(generator.random() < 0.5),
                   digit_height_fraction=float(generator.uniform(0.15, 0.5)),
                   pen=str(generator.choice(list(INKS))), brush_fraction=float(generator.uniform(0.03, 0.11)),
                   darkening=float(generator.uniform(0.2, 0.4)),
                   ruling=str(generator.choice(["plain", "ruled", "squared"], p=[0.5, 0.3, 0.2])),
                   table=bool(generator.random() < 0.3), quality=int(generator.integers(70, 96)))


def _paper(generator, width, height, conditions) -> tuple[np.ndarray, tuple]:
    """The page as float32 (height, width, 3) in 0-255 before the light, and the free box (left, top, right,
    bottom) where the digit may go (inside the page, off the table)."""
    page = np.empty((height, width, 3), np.float32)
    page[:] = PAPERS[generator.integers(len(PAPERS))]
    if conditions.ruling != "plain":
        picture = Image.fromarray(page.astype(np.uint8))
        draw = ImageDraw.Draw(picture)
        spacing = generator.uniform(0.04, 0.08) * height
        offset = generator.uniform(0, spacing)
        for y in np.arange(offset, height, spacing):
            draw.line([(0, y), (width, y)], fill=RULING_COLOUR, width=int(generator.integers(1, 3)))
        if conditions.ruling == "squared":
            for x in np.arange(generator.uniform(0, spacing), width, spacing):
                draw.line([(x, 0), (x, height)], fill=RULING_COLOUR, width=1)
        page = np.asarray(picture, np.float32)
    free = [0, 0, width, height]
    if conditions.table:
        edge = int(generator.integers(4))
        band = int(generator.uniform(0.04, 0.12) * (width if edge % 2 == 0 else height))
        colour = TABLES[generator.integers(len(TABLES))]
        if edge == 0:
            page[:, :band], free[0] = colour, band
        elif edge == 1:
            page[:band], free[1] = colour, band
        elif edge == 2:
            page[:, width - band:], free[2] = colour, width - band
        else:
            page[height - band:], free[3] = colour, height - band
    return page, tuple(free)


def _light(generator, width, height, darkening) -> np.ndarray:
    """(height, width, 1) brightness: light falling from one side, one edge `darkening` darker, and a vignette."""
    angle = generator.uniform(0, 2 * math.pi)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    along = (x / width - 0.5) * math.cos(angle) + (y / height - 0.5) * math.sin(angle)
    along = (along - along.min()) / max(float(np.ptp(along)), 1e-6)
    vignette = 1 - 0.08 * (((x / width - 0.5) ** 2 + (y / height - 0.5) ** 2) * 2)
    return ((1 - darkening * along) * vignette)[..., None]


def photograph(strokes: list, generator: np.random.Generator, conditions: Conditions) -> bytes:
    """A digit's strokes (cnn.handwriting) -> the bytes of a JPEG photo of it written on paper."""
    # The digit's own randomness first, so the same seed writes the same digit on any paper.
    rotation, (where_x, where_y) = generator.uniform(-8, 8), generator.uniform(size=2)
    pencil = generator.uniform(0.6, 0.85)
    long_side = min(conditions.side, SCENE_SIDE)
    width, height = (long_side * 3 // 4, long_side) if conditions.portrait else (long_side, long_side * 3 // 4)
    page, (left, top, right, bottom) = _paper(generator, width, height, conditions)
    digit_height = conditions.digit_height_fraction * height
    canvas = int(min(digit_height / 0.8, right - left, bottom - top))
    pen = Pen(canvas=canvas, digit_height_fraction=min(0.8, digit_height / canvas),
              brush_fraction=conditions.brush_fraction, rotation_degrees=float(rotation), shear=0.0,
              background="white", colour=(0, 0, 0), position=(0.5, 0.5))
    coverage = 1.0 - render(strokes, pen)[..., 0].astype(np.float32) / 255.0
    if conditions.pen == "pencil":
        coverage *= pencil
    x = left + int(where_x * max(0, right - left - canvas))
    y = top + int(where_y * max(0, bottom - top - canvas))
    window = page[y: y + canvas, x: x + canvas]
    window += coverage[..., None] * (np.array(INKS[conditions.pen], np.float32) - window)
    scene = np.clip(page * _light(generator, width, height, conditions.darkening), 0, 255).astype(np.uint8)
    return _camera(Image.fromarray(scene), generator, conditions)


def _camera(scene: Image.Image, generator, conditions: Conditions) -> bytes:
    """Enlarge to the camera's size (its blur), add sensor noise, store as JPEG, portrait photos sideways."""
    scale = conditions.side / max(scene.size)
    photo = scene.resize((round(scene.size[0] * scale), round(scene.size[1] * scale)), Image.Resampling.BICUBIC)
    photo = photo.filter(ImageFilter.GaussianBlur(generator.uniform(0.3, 1.2) * max(1.0, scale)))
    # Sensor noise from the generator (Pillow's effect_noise draws from a seed of its own: photos would differ
    # from run to run).
    sigma = float(generator.uniform(2, 6))
    noise = np.clip(128 + generator.normal(0, sigma, (photo.size[1], photo.size[0])), 0, 255).astype(np.uint8)
    photo = ImageChops.add(photo, Image.fromarray(noise).convert(photo.mode), scale=1.0, offset=-128)
    exif = Image.Exif()
    if conditions.portrait:
        photo = photo.transpose(Image.Transpose.ROTATE_90)  # Stored sideways; the EXIF note turns it back.
        exif[EXIF_ORIENTATION] = ROTATED_CLOCKWISE
    encoded = io.BytesIO()
    photo.save(encoded, format="JPEG", quality=conditions.quality, exif=exif)
    return encoded.getvalue()


def photo_set(count: int, seed: int, sides=(800, 4000)):
    """Yield (label, JPEG bytes, Conditions) for `count` photos of digits in the held-out hands."""
    generator = np.random.default_rng(seed)
    for label, _, strokes in handwritten_set("held-out", count, seed):
        conditions = Conditions.random(generator, sides)
        yield label, photograph(strokes, generator, conditions), conditions


def photographed_number(strokes: list, seed: int) -> Image.Image:
    """A number's strokes (benchmarks.written_numbers) -> a photo of it written on paper, as a PIL image: the
    number takes up to 90% of a square of 35-60% of the page's height (a number is wider than tall)."""
    generator = np.random.default_rng(seed)
    conditions = Conditions.random(generator, sides=(1200, 3000))
    conditions.digit_height_fraction = float(generator.uniform(0.35, 0.6))
    return Image.open(io.BytesIO(photograph(strokes, generator, conditions)))


def bad_photos(seed: int = 0, side: int = 2000) -> dict:
    """{name: JPEG bytes} of photos with no digit to read: "blank page", "in the dark", "a face", "a table"."""
    generator = np.random.default_rng(seed)
    conditions = Conditions.random(generator, (side, side))
    conditions.portrait, conditions.ruling, conditions.table = False, "ruled", False
    width, height = SCENE_SIDE, SCENE_SIDE * 3 // 4
    page, _ = _paper(generator, width, height, conditions)
    blank = np.clip(page * _light(generator, width, height, 0.35), 0, 255).astype(np.uint8)
    strokes = next(handwritten_set("held-out", 1, seed))[2]
    dark = Image.open(io.BytesIO(photograph(strokes, generator, conditions)))
    dark = Image.eval(dark, lambda value: value // 25)
    return {
        "blank page": _camera(Image.fromarray(blank), generator, conditions),
        "in the dark": _camera(dark.resize((width, height)), generator, conditions),
        "a face": _camera(_face(width, height), generator, conditions),
        "a table": _camera(_table(generator, width, height), generator, conditions),
    }


def _face(width: int, height: int) -> Image.Image:
    """A portrait: hair, a face with eyes, brows, nose and mouth, on a wall."""
    picture = Image.new("RGB", (width, height), (120, 150, 170))
    draw = ImageDraw.Draw(picture)
    cx, cy, w, h = width / 2, height / 2, width * 0.22, height * 0.36
    draw.ellipse([cx - w * 1.1, cy - h * 1.15, cx + w * 1.1, cy + h * 0.4], fill=(50, 35, 25))  # Hair.
    draw.ellipse([cx - w, cy - h, cx + w, cy + h], fill=(225, 180, 150))  # Face.
    draw.rectangle([cx - w * 0.4, cy + h * 0.8, cx + w * 0.4, height], fill=(215, 170, 140))  # Neck.
    draw.ellipse([cx - w * 1.6, cy + h * 1.2, cx + w * 1.6, height + h], fill=(60, 80, 140))  # Shoulders.
    for side in (-1, 1):
        ex = cx + side * w * 0.42
        draw.ellipse([ex - w * 0.16, cy - h * 0.2, ex + w * 0.16, cy - h * 0.05], fill=(250, 250, 250))
        draw.ellipse([ex - w * 0.07, cy - h * 0.19, ex + w * 0.07, cy - h * 0.06], fill=(60, 40, 30))
        draw.line([(ex - w * 0.2, cy - h * 0.3), (ex + w * 0.2, cy - h * 0.32)], fill=(60, 40, 30), width=8)
    draw.line([(cx, cy - h * 0.05), (cx - w * 0.08, cy + h * 0.25), (cx + w * 0.05, cy + h * 0.28)],
              fill=(190, 140, 115), width=5)
    draw.arc([cx - w * 0.35, cy + h * 0.3, cx + w * 0.35, cy + h * 0.6], 20, 160, fill=(170, 60, 70), width=9)
    return picture


def _table(generator, width: int, height: int) -> Image.Image:
    """A table top with a mug, a phone, a book and keys on it."""
    picture = Image.new("RGB", (width, height), TABLES[0])
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        x, y = generator.uniform(0, width), generator.uniform(0, height)
        w, h = generator.uniform(0.1, 0.35) * width, generator.uniform(0.1, 0.35) * height
        colour = tuple(int(value) for value in generator.integers(20, 240, 3))
        shape = draw.ellipse if generator.random() < 0.5 else draw.rectangle
        shape([x - w / 2, y - h / 2, x + w / 2, y + h / 2], fill=colour, outline=(20, 20, 20), width=4)
    return picture
