"""Fixtures for the follow-up tests that need an object store."""

from __future__ import annotations

import logging
import os
from unittest import mock

import pyarrow.fs as pafs
import pytest

from navet.followup.tests.support import BUCKET


@pytest.fixture(scope="module")
def s3():
    """An S3 endpoint for this module, and the AWS variables that point to it."""
    from moto.server import ThreadedMotoServer  # only for the modules that ask

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    variables = {
        "AWS_ACCESS_KEY_ID": "navet-test",
        "AWS_SECRET_ACCESS_KEY": "navet-test",
        "AWS_REGION": "eu-north-1",
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
    }
    with mock.patch.dict(os.environ, variables):
        # (pyarrow's S3FileSystem() ignores AWS_ENDPOINT_URL; FileSystem.from_uri, which Navet
        # uses, honours it.)
        store = pafs.S3FileSystem(
            endpoint_override=variables["AWS_ENDPOINT_URL"], allow_bucket_creation=True
        )
        store.create_dir(BUCKET)
        yield store
    server.stop()
