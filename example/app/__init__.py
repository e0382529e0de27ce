"""A small async service whose tests show every flake8-asyncloop rule."""
