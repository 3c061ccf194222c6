"""Mutated copies of the bundled scenarios, each checked and run briefly: careflow exits 0 or 2
with a message, never an internal error, a crash or a sanitizer report.

Mutations (a fixed seed, so a failure can be reproduced): a number replaced by a huge, tiny,
negative, zero, NaN or infinite value; a line deleted, duplicated or cut short; the file cut
short. CAREFLOW_FUZZ_CASES sets how many (300 by default); a failing case is kept in the folder
the message names."""

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

CAREFLOW = os.environ["CAREFLOW"]
SCENARIOS = os.path.join(os.environ["CAREFLOW_SOURCE_DIR"], "scenarios")
CASES = int(os.environ.get("CAREFLOW_FUZZ_CASES", "300"))
SEED = 20261124

FORBIDDEN = ("internal error", "HDF5-DIAG", "Traceback", "AddressSanitizer", "LeakSanitizer",
             "runtime error:", "ThreadSanitizer", "Segmentation fault")
NUMBER = re.compile(r"(?<![\w.\"])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w\"])")
REPLACEMENTS = ["1e308", "-1e308", "1e-308", "5e-324", "-1", "0", "nan", "inf", "-inf",
                "9223372036854775807", "-9223372036854775808", "1e20", "0.0"]


def mutate(text, chance):
    lines = text.split("\n")
    kind = chance.choice(["number", "number", "number", "delete", "duplicate", "cut line", "cut file"])
    numbered = [i for i, line in enumerate(lines) if NUMBER.search(line) and not line.lstrip().startswith("#")]
    if kind == "number" and not numbered:  # a lever file: switches, no numbers
        kind = "delete"
    if kind == "number":
        i = chance.choice(numbered)
        matches = list(NUMBER.finditer(lines[i]))
        m = chance.choice(matches)
        lines[i] = lines[i][:m.start()] + chance.choice(REPLACEMENTS) + lines[i][m.end():]
    elif kind == "delete":
        del lines[chance.randrange(len(lines))]
    elif kind == "duplicate":
        i = chance.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == "cut line":
        i = chance.randrange(len(lines))
        lines[i] = lines[i][:chance.randrange(len(lines[i]) + 1)]
    else:
        kind = "cut file"
        whole = "\n".join(lines)
        return kind, whole[:chance.randrange(len(whole) + 1)]
    return kind, "\n".join(lines)


class ScenarioFuzz(unittest.TestCase):
    def setUp(self):
        # The bundled scenarios beside the mutants, so that `extends` finds its (intact) bases.
        self.dir = tempfile.mkdtemp(prefix="careflow_fuzz_")
        self.bundled = sorted(n for n in os.listdir(SCENARIOS) if n.endswith(".toml"))
        for name in self.bundled:
            shutil.copy(os.path.join(SCENARIOS, name), self.dir)
        shutil.copytree(os.path.join(SCENARIOS, "data"), os.path.join(self.dir, "data"))
        # England (57 million residents) is too large for a brief run; its reading is tested
        # with the model (tests/model/care_systems_test.cpp).
        self.sources = [n for n in self.bundled if n != "england.toml"]

    def tearDown(self):
        if not self._outcome.result.failures and not self._outcome.result.errors:
            shutil.rmtree(self.dir)

    def assert_clean(self, done, path, what):
        context = f"{what} of {path}: exit {done.returncode}\n{done.stderr[-2000:]}"
        self.assertIn(done.returncode, (0, 2), context)
        for mark in FORBIDDEN:
            self.assertNotIn(mark, done.stderr, context)
        if done.returncode == 2:
            self.assertRegex(done.stderr, r"^careflow: error: ", context)

    def test_mutated_scenarios_exit_cleanly(self):
        chance = random.Random(SEED)
        tally = {}
        for case in range(CASES):
            source = chance.choice(self.sources)
            with open(os.path.join(SCENARIOS, source)) as f:
                kind, text = mutate(f.read(), chance)
            path = os.path.join(self.dir, f"mutant_{case:03d}_{source}")
            with open(path, "w") as f:
                f.write(text)
            check = subprocess.run([CAREFLOW, "check", path], capture_output=True, text=True, timeout=120)
            self.assert_clean(check, path, "check")
            run = subprocess.run([CAREFLOW, "run", path, "--days", "3", "--replications", "1",
                                  "--threads", "1"], capture_output=True, text=True, timeout=300)
            self.assert_clean(run, path, "run")
            key = (kind, check.returncode, run.returncode)
            tally[key] = tally.get(key, 0) + 1
            os.remove(path)
        print(f"{CASES} mutants (mutation, check exit, run exit: count):")
        for (kind, check_code, run_code), count in sorted(tally.items()):
            print(f"  {kind:10} check {check_code} run {run_code}: {count}")
        # The mutations must reach both outcomes, or the test proves little.
        self.assertTrue(any(k[2] == 0 for k in tally) and any(k[2] == 2 for k in tally), tally)


if __name__ == "__main__":
    unittest.main(verbosity=2)
