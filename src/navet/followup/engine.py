"""Connecting Ibis to an engine: DuckDB (embedded, the default) or Spark (PySpark).

Everything above this module is engine-neutral Ibis; here is the only place that knows which
engine runs. Spark is imported lazily, so DuckDB runs never need Java or PySpark.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.operations as ops
import pandas as pd
from ibis.backends.sql.compilers.duckdb import DuckDBCompiler
from ibis.backends.sql.compilers.pyspark import PySparkCompiler

from navet.followup.storage import TableFile

ENGINES = ("duckdb", "spark")


class EpochMicros(ops.Unary):
    """Microseconds since 1970-01-01 00:00 UTC of a timestamp, as a whole number.

    Ibis' own `epoch_seconds()` casts to a naive timestamp first, which DuckDB does through
    its time zone library for every row (several times slower than the read itself); both
    engines have a direct function for this, so it is one small operation of our own."""

    arg: ops.Value[dt.Timestamp]
    dtype = dt.int64


DuckDBCompiler.visit_EpochMicros = lambda self, op, *, arg: self.f.epoch_us(arg)
PySparkCompiler.visit_EpochMicros = lambda self, op, *, arg: self.f.unix_micros(arg)


def epoch_micros(value: ibis.Value) -> ibis.Value:
    return EpochMicros(value).to_expr()


class EngineError(RuntimeError):
    """The engine cannot be started (Spark missing, a bad master URL, …)."""


@dataclass
class Engine:
    """One engine for a run. On DuckDB, `lanes` lets several threads run queries at once, each
    on its own connection to the same in-memory database (see runner.run); the snapshot's views
    and the kept tables are then ordinary (not temporary) objects of that database so that
    every connection sees them."""

    name: str
    backend: ibis.BaseBackend
    _spark: object | None = None
    _tables: dict[str, ibis.Table] = field(default_factory=dict)
    # Snapshot tables in object storage: pyarrow datasets, registered with each connection.
    _datasets: dict[str, object] = field(default_factory=dict)
    _persisted: dict[str, object] = field(default_factory=dict)
    _counter: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _lane: threading.local = field(default_factory=threading.local)

    def _current(self) -> ibis.BaseBackend:
        """The calling thread's connection (its lane's, else the engine's own), ready to run a
        query: a lane's connection gets the snapshot's datasets registered here, in the lane's
        own thread (a DuckDB connection must not be used from two threads at once)."""
        backend = getattr(self._lane, "backend", None)
        if backend is None:
            return self.backend
        with self._lock:
            missing = {n: d for n, d in self._datasets.items() if n not in self._lane.registered}
        for name, dataset in missing.items():
            backend.con.register(name, dataset)
            self._lane.registered.add(name)
        return backend

    @contextmanager
    def lane(self):
        """Give the calling thread its own connection for the duration (DuckDB only; a run on
        Spark has one lane, see runner.default_lanes)."""
        if self._spark is not None:
            yield
            return
        backend = ibis.duckdb.from_connection(self.backend.con.cursor())
        self._lane.backend, self._lane.registered = backend, set()
        try:
            yield
        finally:
            self._lane.backend = None
            backend.con.close()

    def read_parquet(self, source: TableFile, table_name: str) -> ibis.Table:
        with self._lock:
            if table_name not in self._tables:
                self._tables[table_name] = self._read_parquet(source, table_name)
            return self._tables[table_name]

    def _read_parquet(self, source: TableFile, table_name: str) -> ibis.Table:
        if self._spark is not None:
            return self.backend.read_parquet(source.uri, table_name=table_name)
        if source.local_path is None:
            # Object storage: DuckDB scans it through pyarrow (its own readers for S3 and Azure
            # are extensions it would download). A registered dataset is a view of one
            # connection only: the engine's own here, each lane's in _current.
            dataset = source.dataset()
            self.backend.con.register(table_name, dataset)
            self._datasets[table_name] = dataset
            return self.backend.table(table_name)
        quoted = source.local_path.replace("'", "''")
        self.backend.raw_sql(
            f"CREATE OR REPLACE VIEW {table_name} AS SELECT * FROM read_parquet('{quoted}')"  # noqa: S608
        )
        return self.backend.table(table_name)

    def materialise(self, expr: ibis.Table) -> str:
        """Compute `expr` once and keep it as a table; returns its name (for SQL, or
        `table(name)`). Ibis' own `cache()` does not register in-memory tables with Spark
        before compiling, so we do this ourselves on both engines."""
        with self._lock:
            self._counter += 1
            name = f"navet_tmp_{self._counter}"
        if self._spark is None:
            self._current().create_table(name, expr)
        else:
            self.backend._run_pre_execute_hooks(expr)  # registers memtables with Spark
            frame = self._spark.sql(self.backend.compile(expr)).persist()
            frame.createOrReplaceTempView(name)
            self._persisted[name] = frame
        return name

    def table(self, name: str) -> ibis.Table:
        with self._lock:  # reads the catalogue on the engine's own connection
            return self.backend.table(name)

    def compile(self, expr: ibis.Expr) -> str:
        """The engine's SQL for `expr` (to be placed in a larger query, see aggregate.py)."""
        return str(self.backend.compile(expr))

    def query(self, sql: str, *uses: ibis.Expr) -> pd.DataFrame:
        """Run plain SQL that both engines understand (see aggregate.py) and fetch the result.
        `uses` are the Ibis expressions whose compiled SQL the text contains: their in-memory
        tables are registered with the engine first."""
        backend = self._current()
        for expr in uses:
            backend._run_pre_execute_hooks(expr)
        if self._spark is None:
            return backend.raw_sql(sql).df()
        return self._spark.sql(sql).toPandas()

    def to_pandas(self, expr: ibis.Table) -> pd.DataFrame:
        return self._current().execute(expr)

    def drop(self, name: str) -> None:
        if self._spark is None:
            self.backend.drop_table(name, force=True)
        else:
            self._spark.catalog.dropTempView(name)
            self._persisted.pop(name).unpersist()

    def close(self) -> None:
        self._tables.clear()
        self._datasets.clear()
        if self._spark is not None:
            self._spark.stop()
            self._spark = None
        else:
            self.backend.disconnect()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(
    name: str = "duckdb",
    *,
    spark_master: str | None = None,
    threads: int | None = None,
    shuffle_partitions: int | None = None,
    spark_conf: dict[str, str] | None = None,
) -> Engine:
    if name == "duckdb":
        # Row order never matters here (results are sorted at the end); not keeping it lets
        # DuckDB stream aggregates and windows with less memory.
        config = {"preserve_insertion_order": False}
        if threads:
            config["threads"] = threads
        return Engine("duckdb", ibis.duckdb.connect(**config))
    if name == "spark":
        return _connect_spark(spark_master or "local[2]", shuffle_partitions, spark_conf or {})
    raise EngineError(f"Okänd motor {name!r}: välj {' eller '.join(ENGINES)}.")


def spark_builder_config(master: str, shuffle_partitions: int | None) -> dict[str, str]:
    """Settings for a SparkSession. Local masters bind to 127.0.0.1: on a machine without DNS
    the driver otherwise waits ~30 s on a hostname lookup."""
    config = {
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
    }
    if master.startswith("local"):
        config.update(
            {
                "spark.driver.host": "127.0.0.1",
                "spark.driver.bindAddress": "127.0.0.1",
                "spark.ui.enabled": "false",
                "spark.sql.shuffle.partitions": str(shuffle_partitions or 8),
                # Local mode runs everything in the driver's JVM, whose default heap is 1 GB.
                "spark.driver.memory": os.environ.get("NAVET_SPARK_DRIVER_MEMORY", "4g"),
            }
        )
    elif shuffle_partitions:
        config["spark.sql.shuffle.partitions"] = str(shuffle_partitions)
    return config


def _connect_spark(master: str, shuffle_partitions: int | None, extra: dict[str, str]) -> Engine:
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise EngineError(
            "PySpark är inte installerat. `./navet indicators --engine spark …` installerar det "
            "vid första körningen (eller: pip install -r requirements/spark.lock)."
        ) from error
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.master(master).appName("navet-indicators")
    for key, value in {**spark_builder_config(master, shuffle_partitions), **extra}.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as error:  # Py4J/Java errors have no common base class worth naming
        raise EngineError(f"Spark kunde inte startas ({master}): {error}") from error
    session.sparkContext.setLogLevel("ERROR")
    return Engine("spark", ibis.pyspark.connect(session), _spark=session)
