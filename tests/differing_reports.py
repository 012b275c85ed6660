"""Two reports from different outlets and years giving different figures for one thing."""

from __future__ import annotations

from pathlib import Path

from jrqa.ingest.metadata_file import METADATA_FILE_NAME

OLDER_REPORT = """Harbour trade between Maravia and Ostland

Port Authority figures show that cargo through the Velsk harbour reached 12 million tonnes \
in 2015, a record for the northern route. Officials in Velsk said the harbour would need \
new cranes to handle more ships. The harbour opened its second terminal that spring.
"""
NEWER_REPORT = """Velsk harbour sets a new cargo mark

Cargo through the Velsk harbour reached 19 million tonnes in 2023, according to the port \
operator, as grain shipments to Ostland grew. The operator plans a third terminal to \
take larger vessels. Dock workers were hired from across the region.
"""
# The metadata file gives their outlets and dates.
REPORTS_METADATA = """
["older.txt"]
outlet = "Maravia Daily"
date = 2016-01-10

["newer.txt"]
outlet = "Ostland Herald"
date = 2024-02-03
"""


def write_differing_reports(folder: Path) -> None:
    """The two reports (older.txt, newer.txt) and their metadata file, in ``folder``."""
    (folder / "older.txt").write_text(OLDER_REPORT, encoding="utf-8")
    (folder / "newer.txt").write_text(NEWER_REPORT, encoding="utf-8")
    (folder / METADATA_FILE_NAME).write_text(REPORTS_METADATA, encoding="utf-8")
