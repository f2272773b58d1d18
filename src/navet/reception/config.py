"""Settings of the digital reception, from the environment.

NAVET_RECEPTION_VIDEO_URL: the video provider's room address with `{room}` where the room name
goes (a random name per request). The default names no real provider: set it to the region's
service (Inera Digitalt möte, or any web video room that takes a name in its address)."""

from __future__ import annotations

import os

DEFAULT_VIDEO_URL = "https://video.example.invalid/navet-{room}"


def video_url_template() -> str:
    return os.environ.get("NAVET_RECEPTION_VIDEO_URL", DEFAULT_VIDEO_URL)
