"""Demo data: a school-leaver destination study with two waves and an intake study, with a few
thousand synthetic subjects in the demo regions. `load_demo` is idempotent and prints nothing."""

from koko_surveys.demo.loader import load_demo

__all__ = ["load_demo"]
