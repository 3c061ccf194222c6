"""An interrupted run never leaves a file at the output path: Ctrl-C (SIGINT) and SIGTERM stop
careflow with a message, remove the partial trace and exit with 128 + the signal; SIGKILL cannot
be caught, and leaves at most a hidden temporary file, never one at the requested path."""

import glob
import os
import shutil
import signal
import subprocess
import time
import unittest

from harness import CAREFLOW, SCENARIOS, scratch


def start_long_run(path):
    # Many replications on one thread: minutes of work, with a trace being written throughout.
    return subprocess.Popen([CAREFLOW, "run", os.path.join(SCENARIOS, "baseline.toml"),
                             "--replications", "2000", "--threads", "1", "--out", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for_partial_file(directory, run, timeout=120):
    """Waits until the run has written some replications under its temporary name."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        partial = glob.glob(os.path.join(directory, ".*.part*"))
        if partial and os.path.getsize(partial[0]) > 200_000:
            return partial[0]
        if run.poll() is not None:
            raise AssertionError(f"the run ended early: {run.stderr.read()}")
        time.sleep(0.05)
    raise AssertionError("no partial trace appeared")


class Interrupt(unittest.TestCase):
    def setUp(self):
        self.dir = scratch()
        self.path = os.path.join(self.dir, "run.h5")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def interrupt_with(self, signal_number):
        run = start_long_run(self.path)
        partial = wait_for_partial_file(self.dir, run)
        self.assertFalse(os.path.exists(self.path), "nothing at the path while writing")
        run.send_signal(signal_number)
        _, stderr = run.communicate(timeout=60)
        return run.returncode, stderr, partial

    def test_ctrl_c_stops_cleanly_and_leaves_no_file(self):
        code, stderr, _ = self.interrupt_with(signal.SIGINT)
        self.assertEqual(code, 130)
        self.assertIn("interrupted", stderr)
        self.assertEqual(os.listdir(self.dir), [])

    def test_sigterm_stops_cleanly_and_leaves_no_file(self):
        code, stderr, _ = self.interrupt_with(signal.SIGTERM)
        self.assertEqual(code, 128 + signal.SIGTERM)
        self.assertIn("interrupted", stderr)
        self.assertEqual(os.listdir(self.dir), [])

    def test_a_killed_run_leaves_nothing_at_the_output_path(self):
        code, _, partial = self.interrupt_with(signal.SIGKILL)
        self.assertEqual(code, -signal.SIGKILL)
        self.assertFalse(os.path.exists(self.path))
        # Only the hidden temporary file, named for the killed process, can remain.
        self.assertEqual(os.listdir(self.dir), [os.path.basename(partial)])


if __name__ == "__main__":
    unittest.main()
