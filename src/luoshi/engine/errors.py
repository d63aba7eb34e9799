"""Errors the engine raises for input it cannot use: each names the file and the reason."""


class LuoshiError(Exception):
    """Base class of the errors a user may see (as one line, never a traceback)."""


class LoadError(LuoshiError):
    """A file that cannot be read as a report."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
