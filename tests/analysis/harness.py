"""Shared set-up for the tests of careflow's traces and analysis tools, run by ctest with
Debian's /usr/bin/python3: the careflow binary and a scratch folder come from the environment."""

import os
import subprocess
import sys
import tempfile

CAREFLOW = os.environ["CAREFLOW"]
SOURCE_DIR = os.environ["CAREFLOW_SOURCE_DIR"]
SCENARIOS = os.path.join(SOURCE_DIR, "scenarios")
sys.path.insert(0, os.path.join(SOURCE_DIR, "analysis"))


def scratch():
    return tempfile.mkdtemp(prefix="careflow_analysis_test_")


def careflow(*args, expect=0):
    """Runs careflow and returns its completed process; fails unless it exits with `expect`."""
    done = subprocess.run([CAREFLOW, *args], capture_output=True, text=True)
    if done.returncode != expect:
        raise AssertionError(f"careflow {' '.join(args)}: exit {done.returncode}, expected {expect}\n"
                             f"{done.stdout}\n{done.stderr}")
    return done


def printed_measures(stdout, names):
    """The summary table careflow run prints, for the measures `names`:
    {measure: (mean text, CI text, unit)}. Columns are separated by at least two spaces."""
    rows = {}
    for line in stdout.splitlines():
        text = line.strip()
        for name in names:
            if text.startswith(name + "  "):
                mean, ci, unit = text[len(name):].split(None, 2)
                rows[name] = (mean, ci, unit)
    return rows


# Student t quantiles at 0.975, by degrees of freedom (the tests use few replications).
T975 = {2: 4.302652729911275, 3: 3.182446305284263, 4: 2.7764451051977987}
