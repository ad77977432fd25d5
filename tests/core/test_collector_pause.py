"""Long work (an export, a round report) pauses the garbage collector; an export frees its
records one by one."""

from __future__ import annotations

import gc
import threading

from kvaldesk.collector import collection_paused
from kvaldesk.exchange.package_export import release_records


def test_release_records_empties_every_list_in_place() -> None:
    reviews = [{"id": "r1", "kommentar": "Åtgärd saknas"}, {"id": "r2", "kommentar": "Bra"}]
    data = {"reviews": reviews, "cases": [{"id": "ärende-1"}], "actions": []}
    release_records(data)
    assert data == {"reviews": [], "cases": [], "actions": []}
    assert reviews == []


def test_collection_paused_restores_the_collector_even_after_an_error() -> None:
    assert gc.isenabled()
    try:
        with collection_paused():
            assert not gc.isenabled()
            raise ValueError("avbrutet")
    except ValueError:
        pass
    assert gc.isenabled()


def test_collection_paused_nested_and_concurrent_enable_only_when_the_last_ends() -> None:
    inside = threading.Event()
    leave = threading.Event()

    def other_export() -> None:
        with collection_paused():
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=other_export)
    worker.start()
    inside.wait(5)
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other export is still running
    leave.set()
    worker.join(5)
    assert gc.isenabled()


def test_collection_paused_leaves_a_collector_turned_off_elsewhere_off() -> None:
    gc.disable()
    try:
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
