"""Write the demo workbooks next to this script, for trying the upload page:

    .venv/bin/python data/demo/write_workbooks.py

They are the files `python -m lib.cli demo` loads: seed 004's revenue and capital tables as printed, and the
illustrative earlier revenue reports and weekly home care hours (marked as illustrative inside).
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the project root, for lib

from lib.demo import demo_files  # noqa: E402


def main() -> None:
    for _kind, name, data in demo_files():
        (HERE / name).write_bytes(data)
        print(f"wrote {HERE / name} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
