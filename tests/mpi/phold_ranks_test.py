#!/usr/bin/python3
"""PHOLD's closing JSON line is the same, but for its timing and `ranks`, on one process and on
1, 2 and 3 MPI ranks, each with 1 and 2 threads.

    phold_ranks_test.py MPIEXEC PHOLD
"""
import json
import subprocess
import sys

ARGS = ["--lps", "96", "--events-per-lp", "4", "--remote", "0.1", "--lookahead", "1", "--mean", "1",
        "--end", "300"]
SAME = ("events", "checksum", "windows")


def closing_json(command):
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if len(lines) != 1:
        sys.exit(f"{' '.join(command)}: expected one JSON line (rank 0 alone), got {len(lines)}:\n{done.stdout}")
    return json.loads(lines[0])


def main():
    mpiexec, phold = sys.argv[1], sys.argv[2]
    alone = closing_json([phold, *ARGS])
    if alone["ranks"] != 1:
        sys.exit(f"one process reports ranks {alone['ranks']}")
    print(f"one process: {alone}")
    for ranks in (1, 2, 3):
        for threads in (1, 2):
            got = closing_json([mpiexec, "--oversubscribe", "-np", str(ranks), phold, *ARGS,
                                "--threads", str(threads)])
            print(f"{ranks} ranks x {threads} threads: {got}")
            if got["ranks"] != ranks:
                sys.exit(f"reported ranks {got['ranks']}, launched {ranks}")
            for key in SAME:
                if got[key] != alone[key]:
                    sys.exit(f"{ranks} ranks x {threads} threads: {key} {got[key]} differs from {alone[key]}")
            if ranks > 1 and got["messages_between_ranks"] == 0:
                sys.exit("no message crossed between ranks: the test tests nothing")
    print("PHOLD is the same on 1, 2 and 3 ranks x 1 and 2 threads")


if __name__ == "__main__":
    main()
