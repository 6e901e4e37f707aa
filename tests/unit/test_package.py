"""The cnn package: its public names and its modules are imported when first used."""

import subprocess
import sys

import pytest

from cnn import config


def test_import_cnn_loads_no_tensorflow_and_its_modules_come_on_first_use():
    # In a fresh process, as a notebook or a benchmark would: `cnn.inference` without importing it first.
    code = ("import sys, cnn; before = sorted({'tensorflow', 'keras'} & set(sys.modules)); "
            "print(before, cnn.inference.__name__, cnn.segment.__name__, cnn.to_mnist.__module__)")
    run = subprocess.run([sys.executable, "-c", code], cwd=config.REPOSITORY_ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split("\n")[-2] == "[] cnn.inference cnn.segment cnn.preprocess"


def test_a_name_the_package_does_not_have_is_an_attribute_error():
    import cnn

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        cnn.nothing_here
