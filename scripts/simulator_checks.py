"""What the checks of Sauda's simulators against third-party clients share (check_simulators.py and
check_crm_*.py): starting `sauda simulate KIND` on a free loopback port, recording named checks, and the exit.
"""
import re
import subprocess
import sys

FAILURES = []


def check(name, condition, detail=""):
    """Prints `ok   name` or `FAIL name (detail)` and remembers a failure."""
    print(("ok   " if condition else "FAIL ") + name + (f" ({detail})" if detail and not condition else ""))
    if not condition:
        FAILURES.append(name)


def start(binary, kind, *options):
    """Starts `sauda simulate KIND --port 0 OPTIONS…`; the process and its `http://127.0.0.1:PORT`."""
    process = subprocess.Popen([binary, "simulate", kind, "--port", "0", *options], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not found:
        process.kill()
        sys.exit(f"the {kind} simulator did not start: {line!r}")
    return process, f"http://127.0.0.1:{found.group(1)}"


def finish(what, passed):
    """Exits non-zero naming the failed checks, else prints `passed`."""
    if FAILURES:
        sys.exit(f"{len(FAILURES)} {what} check(s) failed: {', '.join(FAILURES)}")
    print(passed)
