"""`run_all`: results in order, and the first error raised with nothing further started."""

import threading
import time

import pytest

from navet.parallel import run_all


def test_results_come_in_the_items_order_and_pieces_run_at_once():
    both = threading.Barrier(2, timeout=5)  # only passes when two pieces run together

    def square(n):
        if n < 2:
            both.wait()
        time.sleep(0.01 * (5 - n))
        return n * n

    assert run_all(square, range(5), workers=2) == [0, 1, 4, 9, 16]


def test_the_first_error_is_raised_and_waiting_pieces_are_not_started():
    started = []

    def piece(n):
        started.append(n)
        if n == 0:
            raise ValueError("trasig")
        time.sleep(0.2)

    with pytest.raises(ValueError, match="trasig"):
        run_all(piece, range(20), workers=2)
    assert len(started) < 20
