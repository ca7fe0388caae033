"""PDF: a PDF file → its title and text, parsed by pypdf in a child process with a time and memory cap.

The one decision this module owns: a PDF is never parsed in the refreshing process. PDF parsers have had
infinite-loop bugs (pypdf CVE-2023-36464) and damaged files can ask for any amount of memory, so the child
(`python -m rag.pdf`) is stopped after `parse_timeout_s` and capped at `parse_memory_mb`; either becomes
`Unreadable` with a one-line reason, and the rest of the corpus goes on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rag.errors import Unreadable

REASON = "rag.errors.Unreadable: "  # marks the child's one-line reason (the last line on stderr), as a traceback would
CHILD_FAILED = 3  # the child's exit code for a PDF it cannot read


def read_caged(path: Path, timeout_s: float, memory_mb: int) -> tuple[str, str]:
    """Run `python -m rag.pdf PDF MB` with a time and address-space limit; it prints {title, text} as JSON.

    The child caps its own address space before it imports the parser (rather than through `preexec_fn`,
    which CPython documents as unsafe in a process with threads, like the page or a test runner).
    """
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "rag.pdf", str(path), str(memory_mb)],
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Unreadable(f"PDF parsing took over {timeout_s:g} s; stopped") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else f"parser exited with code {proc.returncode}"
        if "MemoryError" in reason:
            reason = f"PDF parsing needed over {memory_mb} MB; stopped"
        raise Unreadable(reason.removeprefix(REASON))
    result = json.loads(proc.stdout)
    return str(result["title"]), str(result["text"])


def _limit_memory(memory_mb: int) -> None:
    import resource

    cap = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def main(path: str) -> None:
    """Child process: extract a PDF's text with pypdf, or fail with a one-line reason on stderr."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    logging.disable(logging.WARNING)  # pypdf warns about every quirk of real-world PDFs
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("encrypted PDF; save an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except Unreadable:
        raise
    except DependencyError:  # AES: pypdf needs the `cryptography` package to decrypt, even without a password
        raise Unreadable(
            "encrypted PDF (AES) that this installation cannot decrypt; save an unencrypted copy"
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise Unreadable(f"corrupt PDF: {exc}") from None
    except Exception as exc:  # pypdf raises many types on damaged files; all mean the same to a user
        if "encrypt" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise Unreadable("encrypted PDF; save an unencrypted copy") from None
        raise Unreadable(f"corrupt PDF: {type(exc).__name__}: {exc}") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    print(json.dumps({"title": str(meta_title).strip(), "text": text}))


if __name__ == "__main__":
    try:
        if len(sys.argv) > 2:
            _limit_memory(int(sys.argv[2]))
        main(sys.argv[1])
    except Unreadable as exc:
        print(f"{REASON}{exc}", file=sys.stderr)
        sys.exit(CHILD_FAILED)
