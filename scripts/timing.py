#!/usr/bin/env python3
"""Note how long a job took, for the README (scripts/figures.py).

usage: timing.py BASE JOB SECONDS cold|warm

Keeps results/timings-BASE.json: for each job (check, demo, ...) and each
start (cold: no build of the test kernel yet, an empty ccache for all it
knows; warm: a build there already), the newest time measured, in seconds.
"""

import datetime
import json
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    if len(sys.argv) != 5 or sys.argv[4] not in ("cold", "warm"):
        sys.exit(__doc__)
    base, job, seconds, start = sys.argv[1:]
    path = os.path.join(TOP, "results", f"timings-{base}.json")
    try:
        data = json.load(open(path))
    except (OSError, ValueError):
        data = {}
    data.setdefault(job, {})[start] = {"seconds": int(seconds),
                                       "date": datetime.date.today().isoformat()}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
