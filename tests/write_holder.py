"""Another process in the middle of a long write, for the tests of writes waiting their turn:

    python -m tests.write_holder DATABASE_URL

opens one write transaction, writes a batch in it (one contract, "an import of contracts by test:holder from
big_register.xlsx"), prints "held", and keeps the store until a line arrives on standard input (then commits) or it is
killed (then nothing it wrote is kept).
"""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager

from tests.conftest import ROOT

WHO, FILE = "test:holder", "big_register.xlsx"


def main(url: str) -> None:
    import lib.kinds  # noqa: F401  (registers the contract table)
    from lib.store import engine as db
    from lib.store.batches import BatchInfo, RowWrite, write_batch

    engine = db.make_engine(url)
    with db.write(engine) as conn:
        row = {"reference": "HOLD-1", "title": "Held open", "supplier": "Holder Ltd"}
        write_batch(conn, BatchInfo(kind="contracts", action="import", who=WHO, file_name=FILE),
                    [RowWrite("contract", None, row)])
        print("held", flush=True)
        sys.stdin.readline()
    print("done", flush=True)


@contextmanager
def holding_write(store_url: str):
    """A process holding a write on the store until `.release()` is called on what this yields (or it is killed)."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.write_holder", store_url], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "held", f"the holder did not start: {line!r} {proc.stderr.read() if not line else ''}"
        yield Holder(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()


class Holder:
    def __init__(self, proc: subprocess.Popen):
        self.proc = proc

    def release(self) -> None:
        """Let the write commit, and wait until it has."""
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "done", self.proc.stderr.read()
        self.proc.wait(timeout=30)

    def kill(self) -> None:
        """Kill the process in the middle of its write."""
        self.proc.kill()
        self.proc.wait(timeout=30)


if __name__ == "__main__":
    main(sys.argv[1])
