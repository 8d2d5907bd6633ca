"""One app server for the shared-store test: the dashboard (app.py) run by Streamlit's AppTest in a process of its own,
with its own engine and its own caches, as a second `streamlit run app.py` would have. Driven by one command a line on
standard input, answering one JSON line on standard output:

    live              -> the contracts page's "Live contracts" (null when the register is empty)
    upload PATH WHO   -> the upload page: the file dropped as contracts, WHO as the name, confirmed; what it said
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    print(json.dumps({"ready": not at.exception}), flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "live":
            at.switch_page("pages/contracts.py").run()
            answer = next((m.value for m in at.metric if m.label == "Live contracts"), None)
        elif command == "upload":
            path, who = Path(args[0]), " ".join(args[1:])
            at.switch_page("pages/upload.py").run()
            at.selectbox(key="upload_kind").set_value("contracts")
            at.get("file_uploader")[0].set_value((path.name, path.read_bytes(), "text/csv"))
            at.text_input(key="upload_who").set_value(who).run()
            at.button(key="upload_confirm").click().run()
            answer = [s.value for s in at.success] + [e.value for e in at.error]
        else:
            answer = f"unknown command {command}"
        print(json.dumps({"answer": answer, "exception": [str(e.value) for e in at.exception]}), flush=True)


if __name__ == "__main__":
    main()
