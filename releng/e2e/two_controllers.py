#!/usr/bin/env python3
"""Two servers on one PostgreSQL: exactly one rollout controller acts, and the other takes over
within one controller interval when the first dies.

Starts two `./aegisml server` processes on a fresh database, a local model server, and a canary
with eight 2-second steps and no analysis, so that every step change is a controller decision
recorded with the replica that made it (controller@host/pid). After three steps the acting
server is killed with SIGKILL. Checks: before the kill every step was taken by one replica;
after it, by the other; each step was taken exactly once, in order; the first step after the
kill came no later than its due time plus one controller tick (and slack for a loaded machine);
the rollout ends promoted.

    releng/e2e/two_controllers.py
"""
import datetime
import http.server
import os
import signal
import socketserver
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import ROOT, call, free_port, psql, start_server, upload_version  # noqa: E402

KEY = "two-controllers-admin-key-0123456789"
STEP_SECONDS = 2
TICK_MS = 1000


class Model(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"y": 1}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    db = "aegisml_ctl_%d" % os.getpid()
    psql("DROP DATABASE IF EXISTS " + db)
    psql("CREATE DATABASE " + db)
    model_server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Model)
    threading.Thread(target=model_server.serve_forever, daemon=True).start()
    model_url = "http://127.0.0.1:%d/predict" % model_server.server_address[1]
    procs, logs, dirs = {}, [], []
    try:
        bases = {}
        for name in ("a", "b"):
            data = tempfile.mkdtemp(prefix="aegisml-ctl-" + name + "-")
            dirs.append(data)
            env = dict(os.environ, AEGISML_DATA_DIR=data, AEGISML_PORT=str(free_port()), AEGISML_ADMIN_KEY=KEY,
                       AEGISML_DB_URL="jdbc:postgresql://127.0.0.1:5432/" + db, AEGISML_DB_USER="postgres",
                       AEGISML_ROLLOUT_CONTROLLER_TICK_MILLIS=str(TICK_MS), AEGISML_LOG_LEVEL="warn")
            log = open(os.path.join(data, "server.log"), "a")
            logs.append(log)
            procs[name], bases[name] = start_server(env, log)
        a = bases["a"]
        call(a, KEY, "POST", "/api/v1/models", {"name": "ctl", "kind": "ml"})
        for _ in range(2):
            upload_version(a, KEY, "ctl", os.path.join(ROOT, "README.md"))
        backend = {"type": "http-json", "url": model_url, "timeout": "2s"}
        call(a, KEY, "POST", "/api/v1/deployments", {"name": "ctl", "stable": {"version": "models/ctl/1", "backend": backend}})
        weights = [10, 20, 30, 40, 50, 60, 80, 100]
        _, rollout = call(a, KEY, "POST", "/api/v1/deployments/ctl/rollouts", {
            "strategy": "canary", "candidate": {"version": "models/ctl/2", "backend": backend},
            "steps": [{"weight": w, "duration": "%ds" % STEP_SECONDS} for w in weights]})
        rid = rollout["id"]

        def steps(base):
            _, r = call(base, KEY, "GET", "/api/v1/rollouts/" + rid)
            return r, [e for e in r["history"] if e["type"] in ("step", "promoted")]

        killed_at, victim, survivor = None, None, None
        deadline = time.time() + 120
        while time.time() < deadline:
            base = bases[survivor] if survivor else a
            r, events = steps(base)
            controller_steps = [e for e in events if e["actor"].startswith("controller@")]
            if killed_at is None and len(controller_steps) >= 3:
                pid = int(controller_steps[0]["actor"].rsplit("/", 1)[1])
                victim = next(n for n, p in procs.items() if os.getpgid(pid) == p.pid)
                survivor = "b" if victim == "a" else "a"
                os.killpg(procs[victim].pid, signal.SIGKILL)
                procs[victim].wait()
                killed_at = time.time()
                print("killed server %s (pid %d), the acting controller, after %d controller steps"
                      % (victim, pid, len(controller_steps)))
            if r["state"] in ("promoted", "rolled_back", "aborted"):
                break
            time.sleep(0.2)
        r, events = steps(bases[survivor] if survivor else a)
        if killed_at is None:
            sys.exit("the controller never took three steps: " + str(r))
        if r["state"] != "promoted":
            sys.exit("the rollout did not finish after the failover: %s %s" % (r["state"], r["reason"]))
        taken = [e["candidate_weight"] for e in events if e["type"] == "step"]
        if taken != weights:
            sys.exit("steps taken %s, expected each of %s exactly once in order" % (taken, weights))
        actors = [e["actor"] for e in events if e["actor"].startswith("controller@")]
        first = actors[0]
        switch = next(i for i, x in enumerate(actors) if x != first)
        if any(x == first for x in actors[switch:]) or len(set(actors[switch:])) != 1:
            sys.exit("controllers interleaved: %s" % actors)
        # The step after the kill was due STEP_SECONDS after the previous one; the survivor must
        # take it within one tick of that (plus slack for a loaded 2-core machine).
        def at(e):
            return datetime.datetime.fromisoformat(e["at"]).timestamp()
        ctl = [e for e in events if e["actor"].startswith("controller@")]
        due = at(ctl[switch - 1]) + STEP_SECONDS
        late = at(ctl[switch]) - due
        print("two_controllers: %d controller decisions, %d by the first replica and %d by the second; the first "
              "decision after the kill came %.2f s after it was due (tick %.1f s)"
              % (len(actors), switch, len(actors) - switch, late, TICK_MS / 1000))
        if late > TICK_MS / 1000 + 2.0:
            sys.exit("the surviving controller took over too late")
    finally:
        for p in procs.values():
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait()
        for log in logs:
            log.close()
        model_server.shutdown()
        psql("DROP DATABASE IF EXISTS " + db)
        for d in dirs:
            os.system("rm -rf '%s'" % d)


if __name__ == "__main__":
    main()
