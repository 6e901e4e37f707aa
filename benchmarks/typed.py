"""Typed letters, doodle signs and digits: a style of writing training never used, from the fonts on this machine.

cnn.nondigits draws its shapes as strokes by random hands; fonts draw the same letters in other ways (serifs,
contrast between thick and thin, slanted italics, narrow and bold faces). Two families of fonts, each a style of
its own (`FAMILIES`): DejaVu's and Liberation's (Debian's fonts-dejavu and fonts-liberation), and KaTeX's, which
Gradio's package carries for its maths (Computer Modern's serif, sans serif, typewriter and italic faces, Fraktur,
script and calligraphic capitals, blackboard capitals). Never the handwriting fonts or the Hershey fonts, which
measure the app elsewhere. Each character is typed black on white and read as a picture, like a photo or an upload.

Letters that people write like a digit are left out of the kinds: a typed O is a 0. Those print draws apart from a
digit (B, D, G, S, Z, sigma) are a set of their own.
"""

import importlib.util
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
# Where Gradio's page keeps the KaTeX fonts it types maths in (found without importing Gradio).
KATEX_FOLDER = Path(importlib.util.find_spec("gradio").origin).parent / "templates" / "frontend" / "assets"
# Each family: its folders and which of their fonts it holds. KaTeX's Size fonts hold only large brackets.
FAMILIES = {
    "DejaVu and Liberation": (FONT_FOLDERS, lambda name: "Math" not in name),
    "KaTeX": ((KATEX_FOLDER,), lambda name: name.startswith("KaTeX_") and not name.startswith("KaTeX_Size")),
}
FAMILY = "DejaVu and Liberation"  # The family the figures and tests name when they say "typed".
SIZE = 64  # Points: the typed character's height is about this many pixels.

TYPED = {
    "latin": "ACEFHJKLMNPQRTUVWXY" "acdefhjkmnprtuvwxy",
    "other scripts": "ΓΔΘΛΞΠΣΦΨΩ" "αγεηθκλμνπρτυφχψω" "ГДЖИЙЛПФЦШЩЪЫЭЮЯ" "гджийлпфцшщъыэюя",
    "doodles": "☆♡☺☼☂☁♪♫☽⚡✈☎♞♤♧♢✓✗♀♂⌂✉✂⚓☕✎",
    # Letters people write like a digit that print draws apart from one (a stem where an 8 or a 0 curves, a bar in
    # a G, no corner in an S where a 5 has one, a Z's flat top): measured apart from the kinds above.
    "like a digit": "BDGSZsz" "σ",
    "digits": "0123456789",
}


def fonts(family: str = FAMILY) -> list[Path]:
    """The TrueType fonts of a family (FAMILIES) on this machine (none where they are not installed)."""
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {tuple(FAMILIES)}, got {family!r}")
    folders, holds = FAMILIES[family]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.glob("*.ttf") if holds(path.name))


NO_GLYPH = "\U0010fffd"  # A private-use character no font draws: typed, it is the font's box for a missing glyph.


def typed(character: str, font: ImageFont.FreeTypeFont) -> Image.Image:
    """One character typed black on white with room around it (a font's missing-glyph box if it has none)."""
    image = Image.new("L", (SIZE * 2, SIZE * 2), 255)
    ImageDraw.Draw(image).text((SIZE, SIZE), character, font=font, fill=0, anchor="mm")
    return image


def typed_set(kind: str, family: str = FAMILY):
    """Yield (character, font name, picture) for every character of TYPED[kind] in every font of a family that has
    it."""
    if kind not in TYPED:
        raise ValueError(f"kind must be one of {tuple(TYPED)}, got {kind!r}")
    for path in fonts(family):
        font = ImageFont.truetype(str(path), SIZE)
        missing = np.asarray(typed(NO_GLYPH, font))  # Once a font: what it types for a glyph it lacks.
        for character in TYPED[kind]:
            picture = typed(character, font)
            if not np.array_equal(np.asarray(picture), missing):
                yield character, path.stem, picture


if __name__ == "__main__":
    for family in FAMILIES:
        for kind in TYPED:
            print(f"{family}, {kind}: {sum(1 for _ in typed_set(kind, family))} typed characters in "
                  f"{len(fonts(family))} fonts")
