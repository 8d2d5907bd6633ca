"""Write the demo's workbooks to a folder (data/demo/ unless another is given), for trying the upload page:

    python -m lib.demo.write [FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import demo_files

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "data" / "demo"


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else DEFAULT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for file in demo_files():
        (folder / file.name).write_bytes(file.data)
        print(f"wrote {folder / file.name} ({len(file.data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
