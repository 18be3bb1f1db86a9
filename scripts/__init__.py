"""Developer tools run from the repository root (`python scripts/<name>.py`); tests import some."""
