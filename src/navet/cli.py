"""The Python side of `./navet`: the launcher has set up .venv, this runs the sub-command.

`synth` and `import-activity` are Django management commands owned by their apps; this module only
routes to them, so `./navet manage synth …` and `./navet synth …` are the same thing.
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navet.settings")

ROUTED_COMMANDS = {
    "synth": "synth",
    "import-activity": "import_activity",
    "snapshot": "snapshot",
    "indicators": "indicators",
}


def _manage(args: list[str]) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["./navet manage", *args])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        print("Usage: ./navet COMMAND …  (./navet --help lists the commands)", file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "demo":
        from navet.devtools.demo import main as demo_main

        return demo_main(rest)
    if command == "test":
        from navet.devtools.testrun import main as test_main

        return test_main(rest)
    if command == "manage":
        return _manage(rest)
    if command in ROUTED_COMMANDS:
        return _manage([ROUTED_COMMANDS[command], *rest])
    print(f"Unknown command: {command} (./navet --help lists the commands)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
