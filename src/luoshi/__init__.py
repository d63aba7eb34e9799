"""luoshi (落实): from a government work report to delivery that is tracked."""

__version__ = "0.1.0"
