"""Queue: askers of one shared answer engine → one at a time, first come first served, each told its place.

The page keeps one assistant (and one llama.cpp model, which is not thread-safe) for every browser
session, so answers, model loads and refreshes take turns. `Line` is that turn-taking: a lock that
serves its waiters in arrival order and can say, to anyone waiting, how many questions stand ahead
("2 questions ahead of yours"). It is process-wide, thread-safe, and holds only who is in line, so it
stays small however many sessions come and go.
The one decision this module owns: the order in which waiting askers are served (arrival).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType


@dataclass(eq=False)
class _Place:
    question: bool  # a question (counted in "questions ahead"); else a model load, a refresh, a claim check


class Line:
    """A fair lock: `with line.turn(on_wait=...)` waits for every earlier entrant, then holds the engine.

    `on_wait(ahead)` is called, outside the line's own lock, each time the number of questions ahead of
    the waiter changes (first with its place on arrival); it is not called when the engine is free.
    `with line:` takes a turn that is not a question (a model load, a refresh) and reports nothing.
    """

    def __init__(self, poll_s: float = 0.5) -> None:
        self._cond = threading.Condition()
        self._line: list[_Place] = []  # arrival order; the first holds the engine
        self._poll_s = (
            poll_s  # a waiter re-reads the line at least this often (a missed wake-up costs no more)
        )
        self._held: dict[int, list[_Place]] = {}  # thread → the turns it holds through `with line:`

    @property
    def waiting(self) -> int:
        """How many wait for their turn (not counting the one being served)."""
        with self._cond:
            return max(0, len(self._line) - 1)

    @contextmanager
    def turn(self, on_wait: Callable[[int], None] | None = None, question: bool = True) -> Iterator[None]:
        place = self._enter(_Place(question), on_wait)
        try:
            yield
        finally:
            self._leave(place)

    def _enter(self, place: _Place, on_wait: Callable[[int], None] | None) -> _Place:
        with self._cond:
            self._line.append(place)
        try:
            shown: int | None = None
            while True:
                with self._cond:
                    if self._line[0] is place:
                        return place
                    ahead = sum(p.question for p in self._line[: self._line.index(place)])
                    if ahead == shown:
                        self._cond.wait(self._poll_s)
                        continue
                shown = ahead
                if on_wait is not None:
                    on_wait(ahead)  # may raise (the page stopped this run): the waiter leaves the line
        except BaseException:
            self._leave(place)
            raise

    def _leave(self, place: _Place) -> None:
        with self._cond:
            self._line.remove(place)
            self._cond.notify_all()

    # `with line:` — the plain lock interface, for turns that are not questions (loads, refreshes).

    def __enter__(self) -> None:
        place = self._enter(_Place(False), None)
        with self._cond:
            self._held.setdefault(threading.get_ident(), []).append(place)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._cond:
            held = self._held[threading.get_ident()]
            place = held.pop()
            if not held:
                del self._held[threading.get_ident()]
        self._leave(place)


def queue_notice(ahead: int) -> str:
    """What a session waiting for the shared answer engine reads: its place in the line."""
    if ahead <= 0:
        return "Loading the models or refreshing the index; your question is next…"
    return f"{ahead} question{'s' * (ahead != 1)} ahead of yours; answered in turn…"
