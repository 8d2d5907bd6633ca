"""Write the demo workbooks next to this script, for trying the upload page:

    .venv/bin/python data/demo/write_workbooks.py

They are the files `python -m lib.cli demo` loads: seed 004's revenue and capital tables as printed, seed 000's and
seed 004's action plans as printed, and the illustrative earlier revenue reports, weekly home care hours and
contract register (marked as illustrative inside).
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # the project root, for lib

from lib.demo import demo_files  # noqa: E402


def main() -> None:
    for file in demo_files():
        (HERE / file.name).write_bytes(file.data)
        print(f"wrote {HERE / file.name} ({len(file.data):,} bytes)")


if __name__ == "__main__":
    main()
