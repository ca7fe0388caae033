"""The few named errors the pipeline raises; the CLI and the page turn each into one line a user can act on."""

from __future__ import annotations

from pathlib import Path


class RagError(Exception):
    """Base class: the message is complete and user-facing."""

    exit_code = 1


class UsageError(RagError):
    """Bad input from the user: a missing folder, an empty question, an unknown option."""

    exit_code = 2


class CorpusError(UsageError):
    """The corpus folder cannot be used (missing, not a folder)."""


class IndexMissing(RagError):
    """There is no index yet, or it was built with another embedding model."""


class IndexBusy(RagError):
    """Another refresh holds the index lock."""


class BackendUnavailable(RagError):
    """The language model backend cannot answer (server down, model not pulled, model file missing)."""


class GenerationInterrupted(RagError):
    """The model stopped mid-answer (stream cut, server error mid-stream)."""


class IndexDamaged(IndexMissing):
    """A file of the index is missing or damaged; `rag ingest --rebuild` rebuilds it from the corpus."""

    def __init__(self, message: str, what: str = "") -> None:
        super().__init__(message)
        self.what = what or message  # what is wrong, without the way forward


class IndexUnwritable(RagError):
    """The index folder cannot be written (disk full, read-only): the refresh stopped, nothing was changed."""


class Unreadable(Exception):
    """A file that cannot become a document; the message is the one-line reason (reported, never fatal)."""


class StoreUnavailable(RagError):
    """The configured Chroma server does not answer."""


REBUILD = "`rag ingest --rebuild` rebuilds it from the corpus"


def damaged(index_dir: Path, what: str) -> IndexDamaged:
    """The one line for a damaged index: what is wrong, and the command that fixes it."""
    what = " ".join(what.split())
    return IndexDamaged(f"the index in {index_dir} is damaged: {what}; {REBUILD}", what)


def one_line(exc: BaseException) -> str:
    """An exception's message on one line, cut to fit inside another message."""
    return " ".join(str(exc).split())[:240] or type(exc).__name__
