"""`manage.py demo_serve [addrport]`: the demo's web server and its task worker, together.

Mail, newsletter sending and publishing run in the task worker (`db_worker`), never inside a web
request; a demo without one leaves a newsletter "Sending" for ever. This starts both as child
processes with the same environment, and stops both when either ends or on Ctrl-C.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

MANAGE = Path(settings.BASE_DIR) / "manage.py"
MAX_RESTARTS = 5


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


class Command(BaseCommand):
    help = "Run the development server and the task worker (db_worker) together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        python = sys.executable
        # Each child leads its own process group, so that stopping it stops what it started too
        # (runserver's autoreloader runs the server in a child of its own).
        worker_command = [python, str(MANAGE), "db_worker", "--no-reload", "--interval", "1"]
        worker = subprocess.Popen(worker_command, start_new_session=True)
        server = subprocess.Popen([python, str(MANAGE), "runserver", addrport], start_new_session=True)
        self.stdout.write(
            f"Task worker (db_worker) pid {worker.pid}; web server pid {server.pid}. Ctrl-C stops both."
        )
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(f"Mail is written to {settings.EMAIL_FILE_PATH}/ (one .log file per batch).")
        self.stdout.flush()
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        restarts = 0
        try:
            while not stopping and server.poll() is None:
                if worker.poll() is not None:
                    # A worker that died (the database locked by another command, say) is started
                    # again, a few times: the demo's mail must not silently stop leaving.
                    if restarts >= MAX_RESTARTS:
                        self.stderr.write(f"The task worker keeps stopping (exit {worker.returncode}).")
                        break
                    restarts += 1
                    self.stderr.write(
                        f"The task worker stopped (exit {worker.returncode}); starting it again."
                    )
                    time.sleep(2)
                    worker = subprocess.Popen(worker_command, start_new_session=True)
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for process in (server, worker):
                _signal_group(process, signal.SIGTERM)
            for process in (server, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    _signal_group(process, signal.SIGKILL)
