#!/usr/bin/python3
"""Peak memory of `careflow sweep` against the number of points: grids of 10, 100 and 1000
points of a short blocking.toml run (60 days, 2 replications), each in its own process, its
peak resident set read from the kernel (getrusage of the child).

    /usr/bin/python3 bench/sweep_memory.py build/release/careflow
"""

import os
import resource
import subprocess
import sys
import tempfile

SWEEP = """
[sweep]
scenario = "{scenarios}/blocking.toml"
design = "grid"
replications = 2
set = ["run.days=60", "run.warmup_days=10"]
[factors.capacity]
key = "services.community.capacity"
levels = [{levels}]
[factors.beds]
key = "acute.beds"
levels = [{beds}]
"""


def peak_mib(careflow, points, folder):
    scenarios = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios")
    capacities = ", ".join(str(150 + c) for c in range(10))
    beds = ", ".join(str(400 + b) for b in range(points // 10))
    path = os.path.join(folder, f"sweep{points}.toml")
    with open(path, "w") as f:
        f.write(SWEEP.format(scenarios=scenarios, levels=capacities, beds=beds))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # A fresh process per size: ru_maxrss of children is the largest child so far, so sizes go up.
    subprocess.run([careflow, "sweep", path, "--out", os.path.join(folder, f"s{points}.h5"), "--threads", "2"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024.0, os.path.getsize(os.path.join(folder, f"s{points}.h5")) / 2**20


def main():
    careflow = sys.argv[1] if len(sys.argv) > 1 else "build/release/careflow"
    with tempfile.TemporaryDirectory() as folder:
        print("points  peak_rss_MiB  file_MiB")
        for points in (10, 100, 1000):
            rss, size = peak_mib(careflow, points, folder)
            print(f"{points:6d}  {rss:12.1f}  {size:8.2f}")


if __name__ == "__main__":
    main()
