"""benchmarks.typed's font families: KaTeX's come with Gradio, so every machine that runs the app has them."""

import pytest

from benchmarks import typed


def test_katex_family_is_its_sixteen_faces_without_the_bracket_sizes():
    names = [path.name for path in typed.fonts("KaTeX")]
    assert len(names) == 16 and all(name.startswith("KaTeX_") for name in names)
    assert not any(name.startswith("KaTeX_Size") for name in names)


@pytest.mark.parametrize("kind, family, count", [("latin", "KaTeX", 521), ("other scripts", "KaTeX", 134),
                                                 ("digits", "KaTeX", 120)])
def test_typed_set_holds_every_character_a_font_of_the_family_has(kind, family, count):
    assert sum(1 for _ in typed.typed_set(kind, family)) == count


@pytest.mark.parametrize("call", [lambda: typed.fonts("Hershey"), lambda: list(typed.typed_set("latin", "Hershey")),
                                  lambda: list(typed.typed_set("runes", "KaTeX"))])
def test_an_unknown_family_or_kind_is_a_value_error(call):
    with pytest.raises(ValueError):
        call()
