"""pytest set-up shared by every test, doctest and notebook of the project.

The stored notebook outputs are only valid for the exact versions of requirements.txt. Lesson
00 compares the installed versions with those pins: for a learner (Colab, Binder, another
venv) it only warns, but with ``ACTLIB_REQUIRE_PINS=1`` in the environment, which nbval's
kernels inherit from this process, it fails. So ``python -m pytest`` asserts the pins;
``ACTLIB_REQUIRE_PINS=0 python -m pytest`` runs without that assertion.
"""
import os

os.environ.setdefault("ACTLIB_REQUIRE_PINS", "1")
