"""Errors the engine raises for input it cannot use: each names the file and the reason.

Every error a user may see is a :class:`LuoshiError` whose message is one line,
``"<file>: <reason>"``, written for the person who chose the file. The
subclasses of :class:`LoadError` let a program (the web app) tell the cases apart.
"""


class LuoshiError(Exception):
    """Base class of the errors a user may see (as one line, never a traceback)."""


class LoadError(LuoshiError):
    """A file that cannot be read as a report."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class MissingFileError(LoadError):
    """There is no file at that path."""


class NotAFileError(LoadError):
    """The path is a folder (or a device, a pipe), not a file."""


class AccessDeniedError(LoadError):
    """The file exists but this user may not read it."""


class EmptyFileError(LoadError):
    """The file has 0 bytes, or only blank space once decoded."""


class UnsupportedTypeError(LoadError):
    """The file's type (its extension) is not one the loader reads."""


class FileTooLargeError(LoadError):
    """The file is larger than the limit (``max_bytes``)."""


class UndecodableTextError(LoadError):
    """A text file whose bytes are not text in any encoding we know."""


class CorruptFileError(LoadError):
    """A .docx, .pdf or .html file that is damaged or not of the type its name says."""


class EncryptedFileError(LoadError):
    """A file protected with a password."""


class NoTextError(LoadError):
    """A well-formed file with no text in it to read."""


class ScannedPdfError(NoTextError):
    """A PDF without a text layer: its pages are pictures and need OCR first."""
