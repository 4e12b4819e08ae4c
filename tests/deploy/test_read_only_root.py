"""The PDF report works in a container with a read-only root file system (Kubernetes
`readOnlyRootFilesystem: true`) when HOME and the caches are on a small writable volume, as the
manifests mount /tmp. Simulated with a private mount namespace in which every mount is read-only
and only a tmpfs is writable."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

READ_ONLY_EVERYTHING = textwrap.dedent(
    """
    set -e
    awk '{print $2}' /proc/self/mounts | grep -v -E '^/(proc|sys|dev)(/|$)' | sort -u |
    while read -r mount_point; do mount -o remount,bind,ro "$mount_point" 2>/dev/null || true; done
    mount -t tmpfs -o size=64m tmpfs "$1"
    shift
    exec "$@"
    """
)
RENDER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, date, datetime
    from pathlib import Path

    for probe in (Path(sys.prefix) / "probe", Path("/probe")):
        try:
            probe.write_text("x")
        except OSError:
            continue
        sys.exit(f"{probe.parent} is writable: the file system is not read-only")
    from koko_offers.report import render
    from koko_offers.report.service import Overview

    overview = Overview("Magdeburg", "150030000000", date(2026, 1, 1), datetime.now(UTC), [])
    document = render.pdf(overview)
    sys.stdout.buffer.write(document)
    """
)


@pytest.mark.slow
@pytest.mark.requires_tool("root-unshare")
def test_pdf_report_renders_with_a_read_only_root_file_system(tmp_path: Path) -> None:
    # given a writable HOME on a tmpfs and everything else read-only
    home = tmp_path / "home"
    home.mkdir()
    script = tmp_path / "read-only.sh"
    script.write_text(READ_ONLY_EVERYTHING)
    # when the offers code renders the monthly overview as PDF there
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", str(script), str(home),
         "env", f"HOME={home}", f"XDG_CACHE_HOME={home}/cache", "PYTHONDONTWRITEBYTECODE=1",
         sys.executable, "-c", RENDER],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    if result.returncode != 0 and b"unshare failed" in result.stderr:
        pytest.skip("mount namespaces are not permitted here")
    # then a PDF comes out
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert result.stdout.startswith(b"%PDF-")
    assert len(result.stdout) > 1000
