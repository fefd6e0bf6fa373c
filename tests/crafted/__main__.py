"""``python -m tests.crafted DIR``: write every crafted input into DIR, one sub-folder per case."""

import sys
from pathlib import Path

from tests.crafted import write_all

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.crafted DIR")
    for name, path in write_all(Path(sys.argv[1])).items():
        print(f"{name}: {path}")
