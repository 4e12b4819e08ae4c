"""`make bench`: every benchmark of tests/benchmarks (`*_bench.py`) one after the other with its
own defaults; extra arguments (e.g. `--write-docs`) go to the benchmarks that accept them.
Exits non-zero when one of them fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed: list[str] = []
    for script in sorted(HERE.glob("*_bench.py")):
        accepted = script.read_text()
        extra = [a for a in sys.argv[1:] if a.split("=")[0] in accepted]
        print(f"== {script.name} {' '.join(extra)}", flush=True)
        if subprocess.run([sys.executable, str(script), *extra], check=False).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
