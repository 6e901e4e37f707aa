"""The cnn package: its public names and its modules are imported when first used."""

import pytest


def test_import_cnn_loads_no_tensorflow_and_its_modules_come_on_first_use(fresh_python):
    # In a fresh process, as a notebook or a benchmark would: `cnn.inference` without importing it first.
    code = ("import sys, cnn; before = sorted({'tensorflow', 'keras'} & set(sys.modules)); "
            "print(before, cnn.inference.__name__, cnn.segment.__name__, cnn.to_mnist.__module__)")
    assert fresh_python(code) == "[] cnn.inference cnn.segment cnn.preprocess"


def test_a_name_the_package_does_not_have_is_an_attribute_error():
    import cnn

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        cnn.nothing_here
