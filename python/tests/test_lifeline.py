"""A process that asks to die with its parent after the parent already died
(killed while the child was still importing) must exit, not orphan."""

import os
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHILD = "import time\nfrom backfill_studio.lifeline import die_with_parent\ndie_with_parent({arg})\ntime.sleep(30)\n"


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


class DieWithParentTest(unittest.TestCase):
    def run_child(self, arg: str, env: dict) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", CHILD.format(arg=arg)], env={**os.environ, "PYTHONPATH": HERE, **env})

    def test_parent_gone_before_the_call_exits_at_once(self):
        for arg, env in (("", {"BFS_PARENT_PID": str(dead_pid())}), (str(dead_pid()), {})):
            child = self.run_child(arg, env)
            t0 = time.time()
            self.assertEqual(child.wait(timeout=20), 137)
            self.assertLess(time.time() - t0, 20)

    def test_living_parent_keeps_it_running(self):
        child = self.run_child("", {"BFS_PARENT_PID": str(os.getpid())})
        try:
            with self.assertRaises(subprocess.TimeoutExpired):
                child.wait(timeout=1.5)
        finally:
            child.kill()
            child.wait()


if __name__ == "__main__":
    unittest.main()
