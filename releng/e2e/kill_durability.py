#!/usr/bin/env python3
"""End-to-end durability check of the server product: no acknowledged write is lost to SIGKILL.

Starts `./aegisml server` on a fresh store, has 16 clients create models as fast as they can,
kills the server process group with SIGKILL mid-stream, starts it again on the same store and
checks that every model answered with 201 is there and that the audit chain verifies.
Exit status 0 when nothing was lost.

    releng/e2e/kill_durability.py [h2|postgresql]

PostgreSQL uses a fresh database aegisml_kill on 127.0.0.1:5432 (user postgres, dropped after).
Needs only the Python standard library and a built product (./aegisml builds it when missing).
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEY = "kill-test-admin-key-0123456789"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, timeout=10):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + KEY, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.load(r)


def post_ndjson(base, path, lines, timeout=10):
    req = urllib.request.Request(base + path, data="\n".join(json.dumps(l) for l in lines).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + KEY, "Content-Type": "application/x-ndjson"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.load(r)


def start(env, log):
    proc = subprocess.Popen([os.path.join(ROOT, "aegisml"), "server"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = "http://127.0.0.1:" + env["AEGISML_PORT"]
    deadline = time.time() + 600  # the first start may build the product
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("the server exited during start-up, see " + log.name)
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return proc, base
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    sys.exit("the server did not become healthy")


def psql(sql):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True)


def main():
    db = sys.argv[1] if len(sys.argv) > 1 else "h2"
    data = tempfile.mkdtemp(prefix="aegisml-kill-")
    env = dict(os.environ, AEGISML_DATA_DIR=data, AEGISML_PORT=str(free_port()), AEGISML_ADMIN_KEY=KEY,
               AEGISML_LOG_LEVEL="warn")
    if db == "postgresql":
        psql("DROP DATABASE IF EXISTS aegisml_kill")
        psql("CREATE DATABASE aegisml_kill")
        env.update(AEGISML_DB_URL="jdbc:postgresql://127.0.0.1:5432/aegisml_kill", AEGISML_DB_USER="postgres")
    log = open(os.path.join(data, "server.log"), "a")
    proc = None
    try:
        proc, base = start(env, log)
        acked, lock, stop = [], threading.Lock(), threading.Event()
        # Events: a model with a version to report on, then batches with unique ids.
        call(base, "POST", "/api/v1/models", {"name": "kill-events", "kind": "ml"})
        subprocess.run(["curl", "-sf", "-o", "/dev/null", "-H", "Authorization: Bearer " + KEY, "-F",
                        'metadata={"framework":"sklearn"};type=application/json', "-F",
                        "artifact=@" + os.path.join(ROOT, "README.md"), base + "/api/v1/models/kill-events/versions"],
                       check=True)
        events_acked = []

        def ingester(t):
            i = 0
            while not stop.is_set():
                batch = [{"event_id": "ev-%d-%d-%d" % (t, i, k), "model_id": "kill-events", "latency_ms": 1 + k,
                          "features": {"x": k, "c": "v%d" % (k % 3)}} for k in range(50)]
                i += 1
                try:
                    status, report = post_ndjson(base, "/api/v1/events", batch, timeout=5)
                    if status == 200 and not report["rejected"]:
                        with lock:
                            events_acked.extend(e["event_id"] for e in batch)
                except (urllib.error.URLError, OSError, ValueError):
                    pass

        def client(t):
            i = 0
            while not stop.is_set():
                name = "kill-%d-%d" % (t, i)
                i += 1
                try:
                    status, _ = call(base, "POST", "/api/v1/models", {"name": name, "kind": "ml"}, timeout=5)
                    if status == 201:
                        with lock:
                            acked.append(name)
                except (urllib.error.URLError, OSError, ValueError):
                    pass  # refused or cut off by the kill: not acknowledged

        threads = [threading.Thread(target=client, args=(t,)) for t in range(16)]
        threads += [threading.Thread(target=ingester, args=(t,)) for t in range(4)]
        for t in threads:
            t.start()
        time.sleep(5)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        stop.set()
        for t in threads:
            t.join()
        if len(acked) < 100 or len(events_acked) < 1000:
            sys.exit("only %d writes and %d events were acknowledged before the kill; the test proves nothing"
                     % (len(acked), len(events_acked)))

        proc, base = start(env, log)
        missing = []
        for name in acked:
            try:
                call(base, "GET", "/api/v1/models/" + name)
            except urllib.error.HTTPError as e:
                missing.append((name, e.code))
        # Every acknowledged event must come back as a duplicate when sent again: it was stored.
        counted_before = call(base, "GET", "/api/v1/metrics/summary?model=kill-events&from=2000-01-01T00:00:00Z")[1]["count"]
        resent_new = 0
        for k in range(0, len(events_acked), 1000):
            chunk = [{"event_id": e, "model_id": "kill-events"} for e in events_acked[k:k + 1000]]
            _, report = post_ndjson(base, "/api/v1/events", chunk, timeout=60)
            resent_new += report["accepted"]
        counted_after = call(base, "GET", "/api/v1/metrics/summary?model=kill-events&from=2000-01-01T00:00:00Z")[1]["count"]
        print("%s: %d events acknowledged before SIGKILL, %d of them missing after restart; summary count %d "
              "(>= acknowledged), unchanged by the re-send: %s"
              % (db, len(events_acked), resent_new, counted_before, counted_before == counted_after))
        if resent_new or counted_before < len(events_acked) or counted_before != counted_after:
            sys.exit(1)
        _, verify = call(base, "GET", "/api/v1/audit/verify")
        print("%s: %d writes acknowledged before SIGKILL, %d missing after restart; audit chain valid=%s (%d entries)"
              % (db, len(acked), len(missing), verify["valid"], verify["entries_checked"]))
        if missing or not verify["valid"]:
            print("missing:", missing[:10], "verify:", verify)
            sys.exit(1)
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
        log.close()
        if db == "postgresql":
            psql("DROP DATABASE IF EXISTS aegisml_kill")
        subprocess.run(["rm", "-rf", data])


if __name__ == "__main__":
    main()
