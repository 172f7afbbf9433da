"""Reading a big import file in a second process while this one writes.

Reading (unzip, XML, cell checks) and writing (SQL) of a big export take about the same
time; on a machine with two cores they overlap. The reader is a forked child: it shares
the import's plan and converters without pickling them, only reads the file and sends
checked rows back in batches with the problems it found. It never touches the store and
is started before the write transaction opens, so a killed import still writes all or
nothing. Used only where fork is safe (POSIX, no other threads in this process) and only
for big files; everywhere else the rows are read in this process, with the same result.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from core.i18n import _
from core.tabular import TableError

T = TypeVar("T")
E = TypeVar("E")

BIG_FILE = 4 << 20  # bytes on disk; below this a second process costs more than it saves
BATCH = 2_000
PIPE_BYTES = 1 << 20  # Linux's default most an unprivileged process may ask for


def in_parallel(
    produce: Callable[[list[E]], Iterator[T]], errors: list[E], size: int
) -> Iterator[T]:
    """The items of `produce(errors)`, read in a child process when that is worth it and
    safe; the problems it finds reach `errors` batch by batch, as they would in-process."""
    if size < BIG_FILE or not _can_fork():
        return produce(errors)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(target=_read, args=(produce, sender), daemon=True)
    try:
        child.start()
    except OSError:  # no process left to start (limits): read here instead
        receiver.close()
        sender.close()
        return produce(errors)
    sender.close()
    return _received(receiver, child, errors)


@contextmanager
def few_collections(size: int) -> Iterator[None]:
    """While a big file is read and written, keep the objects already alive (modules, the
    store's metadata) out of the garbage collector's passes: the import makes a few hundred
    thousand short-lived objects, each batch of them starts a pass, and the passes over the
    older objects took a sixth of the writer's time (100,000 order lines: 2.6-3.0 s of CPU,
    2.1-2.3 s without). The forked reader inherits this. Undone afterwards unless the
    process keeps its own objects frozen (the app does: tui.app settle_startup)."""
    if size < BIG_FILE:
        yield
        return
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def _widen(sender: Any) -> None:
    """Let the pipe hold a few batches (Linux gives 64 KiB, a quarter of one): the reader
    then runs ahead while the importer writes a chunk, instead of waiting for each `recv`;
    both take about as long per batch, so without slack every pause of one stalls the
    other. Elsewhere, or if refused, the pipe stays as it is (slower, not wrong)."""
    try:
        import fcntl  # POSIX only, as fork

        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _can_fork() -> bool:
    return (
        os.name == "posix"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _read(produce: Callable[[list[Any]], Iterator[Any]], sender: Any) -> None:
    # This process lives for one file and makes no reference cycles (bytes, lists, dicts
    # of cells): the collector's passes would only cost time (0.1-0.2 s of 100,000 lines)
    gc.disable()
    found: list[Any] = []
    batch: list[Any] = []
    try:
        for item in produce(found):
            batch.append(item)
            if len(batch) >= BATCH:
                sender.send(("rows", batch, found[:]))
                batch = []
                found.clear()
        sender.send(("rows", batch, found[:]))
        sender.send(("done", None, []))
    except BrokenPipeError:
        pass  # the importer stopped (an error, or it was killed): nothing left to do
    except TableError as exc:
        sender.send(("failed", (exc.problem, exc.lines), found[:]))
    except Exception as exc:
        sender.send(("failed", (f"{type(exc).__name__}: {exc}", ()), found[:]))
    finally:
        sender.close()


def _received(receiver: Any, child: Any, errors: list[Any]) -> Iterator[Any]:
    try:
        while True:
            try:
                kind, payload, found = receiver.recv()
            except EOFError:
                raise TableError(_("the file's reader stopped before the end")) from None
            errors.extend(found)
            if kind == "rows":
                yield from payload
            elif kind == "done":
                return
            else:
                raise TableError(*payload)
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()
