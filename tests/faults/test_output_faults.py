"""careflow's output rules, proved under faults rather than by reading the code.

Whatever fails while careflow writes (a file-size limit reached at any point of a trace, a CSV or
a report page; the folder made read-only; SIGKILL at a random moment; any HDF5 call), careflow
ends with a message on stderr (never a raw HDF5 error stack, a traceback or a sanitizer report),
exit code 1, nothing at the output path and no temporary file left behind, except where the
operating system makes that impossible (SIGKILL, a read-only folder); then the next run writing
the same name removes the stale temporary file and says so.

Each test prints its rows (fault, point: exit code, message, files left) so that the table can be
read in the test log."""

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

CAREFLOW = os.environ["CAREFLOW"]
SCENARIOS = os.path.join(os.environ["CAREFLOW_SOURCE_DIR"], "scenarios")
FAILPOINT = os.environ.get("CAREFLOW_FAILPOINT", "")
# Set by CMake in a sanitizer build, where each run costs ten times as much.
SANITIZED = bool(os.environ.get("CAREFLOW_SANITIZED", ""))
# What must never reach a user's terminal.
FORBIDDEN = ("HDF5-DIAG", "Traceback", "AddressSanitizer", "LeakSanitizer", "runtime error:",
             "ThreadSanitizer", "internal error", "Segmentation fault")
NOBODY = 65534

SMALL_RUN = [os.path.join(SCENARIOS, "blocking.toml"), "--days", "20", "--replications", "2",
             "--threads", "2"]
# A run long enough to be caught in the middle most times (0.3 s in a release build, several
# seconds under sanitizers); a kill can also land before it starts writing or after its file is
# in place.
LONG_RUN = [os.path.join(SCENARIOS, "blocking.toml"), "--days", "400", "--replications", "24",
            "--threads", "1"]


# Every dataset of two HDF5 files equal (NaN equal to NaN); exit 1 naming the first that differs.
SAME_DATASETS = """
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
names = []
a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
for n in names:
    x, y = a[n][()], b[n][()]
    same = list(x) == list(y) if x.dtype == object else np.array_equal(x, y, equal_nan=x.dtype.kind == "f")
    if not same:
        sys.exit("differs: " + n)
"""


def row(*cells):
    print(" | ".join(str(c) for c in cells), flush=True)


def limited_to(limit):
    """For preexec_fn: a file-size limit, with SIGXFSZ ignored so that a write past the limit fails
    with EFBIG, the way a full disk fails with ENOSPC."""
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return apply


def as_nobody():
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def sanitizer_environment(preload=None):
    env = dict(os.environ)
    if preload:
        env["LD_PRELOAD"] = preload
        # The preloaded library comes before the sanitizer runtime: allowed, it uses no sanitizer.
        env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0").lstrip(":")
    return env


# In a sanitizer build: HDF5 1.10 leaks part of a file's state when closing the file fails, as it
# does here on purpose; that memory is HDF5's (see lsan_hdf5.supp), and is not reported.
LSAN = ("print_suppressions=0:suppressions="
        + os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsan_hdf5.supp"))


def careflow(args, env=None, **options):
    env = dict(env or os.environ)
    env["LSAN_OPTIONS"] = (env.get("LSAN_OPTIONS", "") + ":" + LSAN).lstrip(":")
    return subprocess.run([CAREFLOW, *args], capture_output=True, text=True, timeout=600, env=env,
                          **options)


def hidden_files(folder):
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


class OutputFaults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="careflow_faults_")
        os.chmod(cls.root, 0o755)
        # The complete outputs' sizes: the limits below fall at chosen points of each file.
        cls.sizes = {}
        for name in ["trace.h5", "measures.csv"]:
            path = os.path.join(cls.root, name)
            done = careflow(["run", *SMALL_RUN, "--out", path])
            assert done.returncode == 0, done.stderr
            cls.sizes[name] = os.path.getsize(path)
        done = careflow(["report", os.path.join(cls.root, "trace.h5"), "--html",
                         os.path.join(cls.root, "page.html")])
        assert done.returncode == 0, done.stderr
        cls.sizes["page.html"] = os.path.getsize(os.path.join(cls.root, "page.html"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def folder(self):
        folder = tempfile.mkdtemp(dir=self.root)
        os.chmod(folder, 0o777)
        return folder

    def assert_nothing_forbidden(self, done):
        for mark in FORBIDDEN:
            self.assertNotIn(mark, done.stderr)
        for line in done.stderr.splitlines():
            self.assertRegex(line, r"^(careflow|careflow sweep|report): ", done.stderr)

    def assert_clean_failure(self, done, folder, path, reason):
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assert_nothing_forbidden(done)
        self.assertRegex(done.stderr, r"careflow: error: .*; stopped without writing output\n")
        self.assertIn(reason, done.stderr)
        self.assertFalse(os.path.exists(path), "a file at the output path")
        self.assertEqual(hidden_files(folder), [], "a temporary file left behind")

    def limits(self, size):
        return sorted(n for n in {0, 1, 512, 4096, size // 10, size // 2, 9 * size // 10, size - 1}
                      if n < size)

    def test_file_size_limit_at_every_point_of_an_hdf5_trace(self):
        size = self.sizes["trace.h5"]
        for limit in self.limits(size):
            folder = self.folder()
            path = os.path.join(folder, "trace.h5")
            done = careflow(["run", *SMALL_RUN, "--out", path], preexec_fn=limited_to(limit))
            row("file-size limit, HDF5 trace", f"{limit} of {size} bytes", done.returncode,
                done.stderr.strip(), hidden_files(folder) + os.listdir(folder))
            self.assert_clean_failure(done, folder, path, "(File too large)")

    def test_file_size_limit_at_every_point_of_a_sweep(self):
        """A sweep writes its journal point by point, then its file: a limit anywhere ends it
        cleanly, with at most the journal left, and --resume then completes it to the file an
        uninterrupted sweep writes."""
        sweep = os.path.join(self.root, "faults_sweep.toml")
        with open(sweep, "w") as f:
            f.write(f'[sweep]\nscenario = "{SCENARIOS}/blocking.toml"\ndesign = "grid"\nreplications = 2\n'
                    'set = ["run.days=20", "run.warmup_days=5"]\n[factors.places]\n'
                    'key = "services.community.capacity"\nlevels = [150, 170, 190, 210, 230, 250]\n')
        whole = os.path.join(self.root, "whole_sweep.h5")
        done = careflow(["sweep", sweep, "--out", whole])
        self.assertEqual(done.returncode, 0, done.stderr)
        size = os.path.getsize(whole)
        for limit in self.limits(size):
            folder = self.folder()
            path = os.path.join(folder, "sweep.h5")
            done = careflow(["sweep", sweep, "--out", path], preexec_fn=limited_to(limit))
            row("file-size limit, sweep", f"{limit} of {size} bytes", done.returncode, done.stderr.strip(),
                hidden_files(folder) + os.listdir(folder))
            self.assert_clean_failure(done, folder, path, "(File too large)")
            self.assertLessEqual(set(os.listdir(folder)), {"sweep.h5.journal"})
            resumed = careflow(["sweep", sweep, "--out", path, "--resume"])
            self.assertEqual(resumed.returncode, 0, resumed.stderr)
            self.assertEqual(os.listdir(folder), ["sweep.h5"])
            same = subprocess.run(["/usr/bin/python3", "-c", SAME_DATASETS, whole, path], capture_output=True, text=True)
            self.assertEqual(same.returncode, 0, same.stdout + same.stderr)

    def test_file_size_limit_at_every_point_of_a_csv(self):
        size = self.sizes["measures.csv"]
        for limit in self.limits(size):
            folder = self.folder()
            path = os.path.join(folder, "measures.csv")
            done = careflow(["run", *SMALL_RUN, "--out", path], preexec_fn=limited_to(limit))
            row("file-size limit, CSV", f"{limit} of {size} bytes", done.returncode, done.stderr.strip(),
                os.listdir(folder))
            self.assert_clean_failure(done, folder, path, "(File too large)")

    def test_file_size_limit_while_writing_a_report_page(self):
        trace = os.path.join(self.root, "trace.h5")
        size = self.sizes["page.html"]
        for limit in [0, size // 2, size - 1]:
            folder = self.folder()
            path = os.path.join(folder, "page.html")
            done = careflow(["report", trace, "--html", path], preexec_fn=limited_to(limit))
            row("file-size limit, report page", f"{limit} of {size} bytes", done.returncode,
                done.stderr.strip(), os.listdir(folder))
            self.assert_clean_failure(done, folder, path, "File too large")

    def test_folder_made_read_only_during_a_run(self):
        # Root ignores folder permissions, so the run is made as an ordinary user where possible.
        folder = self.folder()
        user = {}
        if os.geteuid() == 0:
            os.chown(folder, NOBODY, NOBODY)
            user = {"preexec_fn": as_nobody}
        path = os.path.join(folder, "trace.h5")
        run = subprocess.Popen([CAREFLOW, "run", *LONG_RUN, "--out", path], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "LSAN_OPTIONS": LSAN}, **user)
        deadline = time.monotonic() + 120
        while not hidden_files(folder) and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.chmod(folder, 0o555)
        try:
            _, stderr = run.communicate(timeout=600)
        finally:
            os.chmod(folder, 0o777)
        left = hidden_files(folder)
        row("folder made read-only", "while writing", run.returncode, stderr.strip(), left)
        done = subprocess.CompletedProcess(run.args, run.returncode, "", stderr)
        self.assertEqual(run.returncode, 1, stderr)
        self.assert_nothing_forbidden(done)
        self.assertIn(f"careflow: error: cannot write {path}: Permission denied; stopped without "
                      "writing output", stderr)
        self.assertFalse(os.path.exists(path))
        # The operating system forbids removing it; careflow names it, and the next run removes it.
        self.assertEqual(len(left), 1)
        temporary = os.path.join(folder, left[0])
        self.assertIn(f"careflow: could not remove the temporary file {temporary} (Permission denied)",
                      stderr)
        self.assert_next_run_cleans_up(folder, path, [temporary], user)

    def assert_next_run_cleans_up(self, folder, path, stale, user=None):
        done = careflow(["run", *SMALL_RUN, "--out", path], **(user or {}))
        self.assertEqual(done.returncode, 0, done.stderr)
        for temporary in stale:
            self.assertIn(f"careflow: removed {temporary}, a partial output left by an earlier "
                          "careflow run", done.stderr)
        self.assertEqual(hidden_files(folder), [])
        self.assertTrue(os.path.exists(path))

    def test_sigkill_at_random_moments(self):
        started = time.monotonic()
        reference_path = os.path.join(self.root, "long.h5")
        reference = careflow(["run", *LONG_RUN, "--out", reference_path])
        self.assertEqual(reference.returncode, 0, reference.stderr)
        duration = time.monotonic() - started
        chance = random.Random(20261124)
        for attempt in range(6):
            folder = self.folder()
            path = os.path.join(folder, "trace.h5")
            run = subprocess.Popen([CAREFLOW, "run", *LONG_RUN, "--out", path],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            delay = chance.uniform(0.0, duration)
            time.sleep(delay)
            run.kill()
            run.wait()
            left = hidden_files(folder)
            row("SIGKILL", f"after {delay:.2f} s of about {duration:.2f} s", run.returncode, "-", left)
            if os.path.exists(path):
                # It got as far as renaming its file into place (and may have been killed while
                # freeing its memory after that): the file must be whole, with nothing else left.
                self.assertEqual(left, [])
                same = subprocess.run(["/usr/bin/python3", "-c", SAME_DATASETS, reference_path,
                                       path], capture_output=True, text=True)
                self.assertEqual(same.returncode, 0, same.stderr)
                continue
            self.assertNotEqual(run.returncode, 0, "a run that finished left no file")
            self.assertLessEqual(len(left), 1)
            for name in left:
                self.assertEqual(name, f".trace.h5.part{run.pid}")
            self.assert_next_run_cleans_up(folder, path, [os.path.join(folder, n) for n in left])

    @unittest.skipUnless(FAILPOINT, "needs the hdf5_failpoint library (CAREFLOW_FAILPOINT)")
    def test_every_hdf5_call_failing_in_turn(self):
        """Every call in turn; under sanitizers, the first, middle and last call made from each
        place in careflow (each function at each call site), since what a sanitizer finds is in
        the code a failure runs, and the calls from one place run the same code."""
        counted = os.path.join(self.root, "calls")
        listed = os.path.join(self.root, "calls.txt")
        args = ["run", *SMALL_RUN, "--trace", "events"]
        env = sanitizer_environment(FAILPOINT)
        done = careflow([*args, "--out", os.path.join(self.root, "counted.h5")],
                        env={**env, "CAREFLOW_COUNT_HDF5_CALLS": counted,
                             "CAREFLOW_LIST_HDF5_CALLS": listed})
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(counted) as f:
            calls = int(f.read())
        self.assertGreater(calls, 100)
        with open(listed) as f:
            places = [line.strip() for line in f]
        self.assertEqual(len(places), calls)
        chosen = range(1, calls + 1)
        if SANITIZED:
            numbers_at = {}
            for n, place in enumerate(places, start=1):
                numbers_at.setdefault(place, []).append(n)
            chosen = sorted({numbers[i] for numbers in numbers_at.values()
                             for i in (0, len(numbers) // 2, -1)})
            row("HDF5 call fails", f"{len(chosen)} of {calls} calls chosen",
                f"from {len(numbers_at)} places", "-", "-")
        outcomes = {}
        for n in chosen:
            folder = self.folder()
            path = os.path.join(folder, "trace.h5")
            done = careflow([*args, "--out", path], env={**env, "CAREFLOW_FAIL_HDF5_CALL": str(n)})
            self.assert_nothing_forbidden(done)
            self.assertEqual(hidden_files(folder), [], f"call {n}: a temporary file left behind")
            if done.returncode == 0:
                # Only a failure that cost nothing (closing a dataspace, a type or a property
                # list) may let the run finish, and then the trace must be whole.
                check = careflow(["compare", path, os.path.join(self.root, "counted.h5")])
                self.assertEqual(check.returncode, 0, f"call {n}: {check.stderr}")
                outcome = "completed, trace whole"
            else:
                self.assertIn(done.returncode, (1, 2), f"call {n}: {done.stderr}")
                self.assertFalse(os.path.exists(path), f"call {n}: a file at the output path")
                self.assertRegex(done.stderr, r"careflow: error: ")
                outcome = f"exit {done.returncode}: " + done.stderr.strip().split("\n")[-1][:70]
            outcomes.setdefault(outcome.split(":")[0] if "exit" in outcome else outcome, []).append(n)
        for outcome, numbers in sorted(outcomes.items()):
            row("HDF5 call fails", f"{len(numbers)} of {len(chosen)} calls", outcome, "-",
                "nothing left")


if __name__ == "__main__":
    unittest.main(verbosity=2)
