"""Indicator families in parallel lanes (runner.run(lanes=…)): the same table as one lane, and
every shared intermediate table built once however many families ask for it at the same time."""

import threading
import time

import ibis
import pandas as pd

from navet.followup import runner
from navet.followup.contract import read_snapshot
from navet.followup.engine import connect
from navet.followup.inputs import Inputs
from navet.followup.tests import random_county
from navet.followup.tests.support import YEAR_2025


def test_two_lanes_give_the_same_table_as_one(tmp_path):
    root = random_county.build().write(tmp_path / "snapshot")
    one = runner.run(root, YEAR_2025, lanes=1)
    two = runner.run(root, YEAR_2025, lanes=2)
    assert set(one.seconds) == set(two.seconds)
    assert len(one.table) > 1000
    assert (one.table["status"] == "ok").sum() > 100
    pd.testing.assert_frame_equal(one.table, two.table)


def test_default_lanes_are_one_per_core_at_most_two_and_one_on_spark():
    with connect("duckdb") as engine:
        assert 1 <= runner.default_lanes(engine) <= 2
        assert runner.default_lanes(engine, requested=3) == 3

    class SparkLike:
        name = "spark"

    assert runner.default_lanes(SparkLike()) == 1
    assert runner.default_lanes(SparkLike(), requested=2) == 1  # one shared session


def test_a_shared_table_is_built_once_when_lanes_ask_at_the_same_time(tmp_path):
    root = random_county.build().write(tmp_path / "snapshot")
    builds = []
    release = threading.Event()

    def build():
        builds.append(threading.current_thread().name)
        release.wait(5)  # hold the build until every lane is waiting for it
        return ibis.memtable({"n": [1, 2, 3]})

    with connect("duckdb") as engine:
        inputs = Inputs(engine, read_snapshot(root))
        seen = []

        def lane():
            with engine.lane():
                table = inputs.shared(("test",), build)
                seen.append(int(engine.to_pandas(table.n.sum().as_table()).iloc[0, 0]))

        threads = [threading.Thread(target=lane, name=f"lane-{i}") for i in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        release.set()
        for thread in threads:
            thread.join(10)
        inputs.release()
    assert len(builds) == 1
    assert seen == [6, 6, 6]
