"""`synth` command: arguments, clear errors, nothing left behind on failure."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

ARGS = ["--county", "19", "--seed", "1", "--scale", "0.002", "--years", "1"]


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_a_snapshot(tmp_path, capsys):
    call_command("synth", *ARGS, "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "manifest.json").is_file()
    assert _leftovers(tmp_path) == ["out"]
    assert "Klart" in capsys.readouterr().err


@pytest.mark.parametrize("county", ["99", "1", "abc"])
def test_unknown_county(tmp_path, county):
    with pytest.raises(CommandError) as error:
        call_command("synth", *ARGS[2:], "--county", county, "--out", str(tmp_path / "out"))
    message = str(error.value)
    assert f'"{county}"' in message
    for known in ("14", "19", "22", "24"):
        assert known in message
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("scale", ["0", "2", "-0.1", "1.5", "nan"])
def test_bad_scale(tmp_path, scale):
    with pytest.raises(CommandError) as error:
        call_command(
            "synth",
            "--county",
            "19",
            "--seed",
            "1",
            "--scale",
            scale,
            "--out",
            str(tmp_path / "out"),
        )
    assert "skala" in str(error.value).lower()
    assert _leftovers(tmp_path) == []


def test_neither_out_nor_database():
    with pytest.raises(CommandError, match="--out --database"):
        call_command("synth", *ARGS)


def test_both_out_and_database(tmp_path):
    with pytest.raises(CommandError, match="not allowed"):
        call_command("synth", *ARGS, "--out", str(tmp_path / "out"), "--database")
    assert _leftovers(tmp_path) == []


def test_existing_folder_is_refused(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(CommandError) as error:
        call_command("synth", *ARGS, "--out", str(target))
    assert str(target) in str(error.value) and "--out" in str(error.value)
    assert _leftovers(tmp_path) == ["out"]
    assert _leftovers(target) == ["keep.txt"]


def test_an_empty_existing_folder_is_used(tmp_path):
    (tmp_path / "out").mkdir()
    call_command("synth", *ARGS, "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "persons.parquet").is_file()


def test_bad_end_date(tmp_path):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("synth", *ARGS, "--end-date", "31/12/2025", "--out", str(tmp_path / "o"))


def test_named_doctor_share_option(tmp_path):
    import json

    call_command("synth", *ARGS, "--named-doctor-share", "0.4", "--out", str(tmp_path / "out"))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["source"].endswith(" named_doctor_share=0.4")
    with pytest.raises(CommandError, match="fast läkarkontakt"):
        call_command("synth", *ARGS, "--named-doctor-share", "1.5", "--out", str(tmp_path / "x"))
    assert _leftovers(tmp_path) == ["out"]
