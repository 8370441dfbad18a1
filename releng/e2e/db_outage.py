#!/usr/bin/env python3
"""End-to-end check of the server product during a database outage: 503 + Retry-After, never a drop.

Starts `./aegisml server` on a fresh PostgreSQL database (aegisml_outage_<pid>_<random> on
127.0.0.1:5432, user postgres, dropped after; a name of its own, because two runs sharing one
database drop it under each other) reached through a TCP proxy that this script runs, so that
it can cut the database away without touching the shared PostgreSQL. Then, in order:

  up       register a model, ingest events; every acknowledged event id is noted
  reset    the proxy closes every proxied connection and resets new ones: POST /api/v1/events
           (one event and a batch) and POST /api/v1/models must answer 503 problem+json with
           Retry-After within BOUND_S seconds, /healthz must say the database is DOWN; a
           background ingester keeps writing through the cut (its 200s count as acknowledged)
  recover  the proxy forwards again: /healthz must come back UP by itself (no restart) and the
           rejected batches, sent again, must be accepted
  hang     as reset, but the proxy keeps every connection open and forwards nothing (new ones
           are accepted and never forwarded): a network partition rather than a crash
  recover  as above
  verify   every event acknowledged at any point is stored: the summary count equals the
           number of distinct acknowledged ids, and sending them all again reports them all
           as duplicates

Prints one line per phase with the measured times; exit status 0 only when all of it holds.

    releng/e2e/db_outage.py

Needs only the Python standard library, psql, and a built product (./aegisml builds it when missing).
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
KEY = "outage-test-admin-key-0123456789"
DB = "aegisml_outage_%d_%s" % (os.getpid(), os.urandom(3).hex())
MODEL = "outage-events"
BOUND_S = 35.0     # a refused request must be answered within this many seconds
RECOVER_S = 60.0   # the server must see the database again within this many seconds of its return
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proxy:
    """A loopback TCP proxy to PostgreSQL that can be cut ("reset" or "hang") and restored."""

    def __init__(self, target=("127.0.0.1", 5432)):
        self.target = target
        self.mode = "up"
        self.lock = threading.Lock()
        self.conns = []  # [client socket, upstream socket or None]
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                mode = self.mode
                if mode == "reset":
                    _reset(client)
                    continue
                if mode == "hang":
                    self.conns.append([client, None])  # accepted, never forwarded
                    continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            pair = [client, upstream]
            with self.lock:
                self.conns.append(pair)
            threading.Thread(target=self._pump, args=(pair, client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(pair, upstream, client), daemon=True).start()

    def _pump(self, pair, src, dst):
        src.settimeout(0.2)
        while True:
            if self.mode == "hang":  # hold the bytes: neither side hears from the other
                time.sleep(0.05)
                continue
            try:
                data = src.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                data = b""
            if not data:
                break
            while self.mode == "hang":  # cut between the read and the write: hold these too
                time.sleep(0.05)
            try:
                dst.sendall(data)
            except OSError:
                break
        self._drop(pair)

    def _drop(self, pair):
        with self.lock:
            if pair in self.conns:
                self.conns.remove(pair)
        for s in pair:
            if s is not None:
                _reset(s)

    def cut(self, mode):
        with self.lock:
            self.mode = mode
            if mode == "reset":
                pairs, self.conns = self.conns, []
            else:
                pairs = []
        for p in pairs:
            for s in p:
                if s is not None:
                    _reset(s)

    def restore(self):
        """Forwards again. Connections held during a hang are closed: the partition outlived them."""
        with self.lock:
            pairs, self.conns = self.conns, []
            self.mode = "up"
        for p in pairs:
            for s in p:
                if s is not None:
                    _reset(s)

    def close(self):
        self.closed = True
        self.cut("reset")
        self.listener.close()


def _reset(s):
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST on close
    except OSError:
        pass
    try:
        s.close()
    except OSError:
        pass


def request(base, method, path, body=None, ctype="application/json", timeout=60):
    """(status, headers, parsed body or None, seconds); status None when no answer came in time."""
    req = urllib.request.Request(base + path, data=body, method=method,
                                 headers={"Authorization": "Bearer " + KEY, "Content-Type": ctype})
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, headers, raw = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, headers, raw = e.code, e.headers, e.read()
    except (urllib.error.URLError, OSError) as e:
        return None, None, str(e), time.monotonic() - t0
    took = time.monotonic() - t0
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw
    return status, headers, parsed, took


def events(prefix, n):
    return [{"event_id": "%s-%d" % (prefix, k), "model_id": MODEL, "latency_ms": 1 + k % 50, "y_pred": (k % 7) / 7,
             "features": {"x": k % 100, "c": "v%d" % (k % 3)}} for k in range(n)]


def ndjson(lines):
    return "\n".join(json.dumps(l) for l in lines).encode()


def post_events(base, batch, timeout=60):
    if len(batch) == 1:
        return request(base, "POST", "/api/v1/events", json.dumps(batch[0]).encode(), timeout=timeout)
    return request(base, "POST", "/api/v1/events", ndjson(batch), "application/x-ndjson", timeout=timeout)


def acked(status, report, batch):
    """True when the server acknowledged every event of the batch (accepted or already stored)."""
    return status == 200 and not report["rejected"] and report["accepted"] + report["duplicates"] == len(batch)


class Ingester(threading.Thread):
    """Keeps sending batches of 20 events; records what was acknowledged and what was refused."""

    def __init__(self, base, name):
        super().__init__(daemon=True)
        self.base, self.name_, self.stop = base, name, threading.Event()
        self.acked, self.refused, self.odd = [], [], []
        self.slowest_refusal = 0.0

    def run(self):
        i = 0
        while not self.stop.is_set():
            batch = events("%s-%d" % (self.name_, i), 20)
            i += 1
            status, headers, body, took = post_events(self.base, batch, timeout=BOUND_S + 30)
            if status == 200 and acked(status, body, batch):
                self.acked.extend(e["event_id"] for e in batch)
            elif status == 503 and headers.get("Retry-After"):
                self.refused.append(batch)
                self.slowest_refusal = max(self.slowest_refusal, took)
                time.sleep(0.2)
            else:
                self.odd.append((status, str(body)[:200], round(took, 1)))
                self.refused.append(batch)
                time.sleep(0.2)


def start_server(env, log):
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


def healthz(base, timeout=30):
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=timeout) as r:
            return r.status, json.load(r), r.headers, time.monotonic() - t0
    except urllib.error.HTTPError as e:
        try:
            body = json.loads(e.read())
        except ValueError:
            body = None
        return e.code, body, e.headers, time.monotonic() - t0
    except (urllib.error.URLError, OSError) as e:
        return None, str(e), None, time.monotonic() - t0


def outage(base, proxy, mode, rejected):
    """Cuts the proxy and checks every kind of write is refused properly; returns the refused batches."""
    bg = Ingester(base, "bg-" + mode)
    bg.start()
    time.sleep(1.0)  # the cut lands in the middle of writes
    proxy.cut(mode)
    t_cut = time.monotonic()
    times = {}
    for rnd in range(2):  # once just after the cut, once with the outage well established
        single = events("single-%s-%d" % (mode, rnd), 1)
        batch = events("batch-%s-%d" % (mode, rnd), 200)
        model = json.dumps({"name": "outage-%s-%d" % (mode, rnd), "kind": "ml"}).encode()
        checks = [("single event", single), ("batch of 200", batch), ("model create", None)]
        for what, sent in checks:
            if sent is None:
                status, headers, body, took = request(base, "POST", "/api/v1/models", model)
            else:
                status, headers, body, took = post_events(base, sent)
            key = "%s#%d" % (what, rnd + 1)
            times[key] = took
            ctype = headers.get("Content-Type", "") if headers else ""
            if status == 503 and headers.get("Retry-After") and ctype.startswith("application/problem+json") \
                    and took < BOUND_S:
                if sent is not None:
                    rejected.append(sent)
            elif status == 503:
                fail("%s: %s answered 503 after %.1f s, Retry-After=%r, Content-Type=%r (bound %.0f s)"
                     % (mode, key, took, headers.get("Retry-After"), ctype, BOUND_S))
                if sent is not None:
                    rejected.append(sent)
            else:
                fail("%s: %s answered %s after %.1f s instead of 503: %s" % (mode, key, status, took, str(body)[:300]))
                if sent is not None and status != 200:
                    rejected.append(sent)
    h_status, h_body, h_headers, h_took = healthz(base, timeout=BOUND_S + 10)
    db_down = isinstance(h_body, dict) and h_body.get("database", {}).get("status") == "DOWN"
    if h_status != 503 or not db_down or not (h_headers and h_headers.get("Retry-After")):
        fail("%s: /healthz answered %s after %.1f s: %s" % (mode, h_status, h_took, h_body))
    bg.stop.set()
    bg.join(BOUND_S + 40)
    if bg.is_alive():
        fail("%s: the background ingester is still waiting for an answer" % mode)
    if bg.odd:
        fail("%s: background ingester got answers other than 200/503+Retry-After: %s" % (mode, bg.odd[:5]))
    rejected.extend(bg.refused)
    print("%s: writes refused with 503 + Retry-After in %s; /healthz %s (database %s) in %.1f s; background "
          "ingester: %d events acknowledged, %d batches refused (slowest refusal %.1f s); outage lasted %.1f s"
          % (mode, ", ".join("%s %.1f s" % kv for kv in times.items()), h_status,
             h_body.get("database", {}).get("status") if isinstance(h_body, dict) else "?", h_took,
             len(bg.acked), len(bg.refused), bg.slowest_refusal, time.monotonic() - t_cut), flush=True)
    return bg.acked


def recover(base, proxy, mode, rejected, acked_ids):
    proxy.restore()
    t0 = time.monotonic()
    while True:
        status, body, _, _ = healthz(base, timeout=10)
        if status == 200:
            break
        if time.monotonic() - t0 > RECOVER_S:
            fail("%s: /healthz still %s %.0f s after the database came back" % (mode, status, RECOVER_S))
            return
        time.sleep(0.25)
    healthy = time.monotonic() - t0
    # The first write after the return: retried until it is acknowledged, timed.
    probe = events("probe-" + mode, 1)
    while True:
        status, _, body, _ = post_events(base, probe)
        if status == 200 and acked(status, body, probe):
            acked_ids.extend(e["event_id"] for e in probe)
            break
        if time.monotonic() - t0 > RECOVER_S:
            fail("%s: writes still refused %.0f s after the database came back: %s %s"
                 % (mode, RECOVER_S, status, str(body)[:200]))
            return
        time.sleep(0.25)
    writable = time.monotonic() - t0
    accepted = duplicates = 0
    for batch in rejected:
        status, _, body, _ = post_events(base, batch)
        if not acked(status, body, batch):
            fail("%s: a refused batch sent again after recovery: %s %s" % (mode, status, str(body)[:300]))
            continue
        accepted += body["accepted"]
        duplicates += body["duplicates"]
        acked_ids.extend(e["event_id"] for e in batch)
    status, _, body, _ = request(base, "POST", "/api/v1/models", json.dumps({"name": "after-" + mode, "kind": "ml"}).encode())
    if status != 201:
        fail("%s: model create after recovery answered %s: %s" % (mode, status, body))
    print("%s recovery: /healthz UP %.1f s after the database returned, first write acknowledged after %.1f s "
          "(no restart); %d refused batches sent again: %d events accepted, %d already stored (committed just "
          "before the cut was noticed); model create %s"
          % (mode, healthy, writable, len(rejected), accepted, duplicates, status), flush=True)
    rejected.clear()


def count(base):
    status, _, body, _ = request(base, "GET", "/api/v1/metrics/summary?model=%s&from=2000-01-01T00:00:00Z" % MODEL)
    if status != 200:
        fail("summary answered %s: %s" % (status, body))
        return -1
    return body["count"]


def main():
    t_start = time.monotonic()
    data = tempfile.mkdtemp(prefix="aegisml-outage-")
    proxy = Proxy()
    psql("CREATE DATABASE " + DB)
    env = dict(os.environ, AEGISML_DATA_DIR=data, AEGISML_PORT=str(free_port()), AEGISML_ADMIN_KEY=KEY,
               AEGISML_LOG_LEVEL="warn", AEGISML_DB_USER="postgres",
               AEGISML_DB_URL="jdbc:postgresql://127.0.0.1:%d/%s" % (proxy.port, DB))
    env.pop("AEGISML_ALERTS_EVALUATION_INTERVAL_SECONDS", None)
    log = open(os.path.join(data, "server.log"), "a")
    proc = None
    try:
        proc, base = start_server(env, log)
        t0 = time.monotonic()
        status, _, body, _ = request(base, "POST", "/api/v1/models", json.dumps({"name": MODEL, "kind": "ml"}).encode())
        if status != 201:
            sys.exit("model create answered %s: %s" % (status, body))
        subprocess.run(["curl", "-sf", "-o", "/dev/null", "-H", "Authorization: Bearer " + KEY, "-F",
                        'metadata={"framework":"sklearn"};type=application/json', "-F",
                        "artifact=@" + os.path.join(ROOT, "README.md"), base + "/api/v1/models/%s/versions" % MODEL],
                       check=True)
        acked_ids = []
        for i in range(20):
            batch = events("pre-%d" % i, 100)
            status, _, body, _ = post_events(base, batch)
            if not acked(status, body, batch):
                sys.exit("ingest before the outage answered %s: %s" % (status, body))
            acked_ids.extend(e["event_id"] for e in batch)
        single = events("pre-single", 1)
        status, _, body, _ = post_events(base, single)
        if not acked(status, body, single):
            sys.exit("single event before the outage answered %s: %s" % (status, body))
        acked_ids.extend(e["event_id"] for e in single)
        before = list(acked_ids)
        print("up: model registered, %d events acknowledged in %.1f s; proxy on port %d"
              % (len(before), time.monotonic() - t0, proxy.port), flush=True)

        rejected = []
        for mode in ("reset", "hang"):
            acked_ids.extend(outage(base, proxy, mode, rejected))
            recover(base, proxy, mode, rejected, acked_ids)

        distinct = set(acked_ids)
        counted = count(base)
        resent_new = resent_dup = 0
        # Re-sent per group (what wrote them and when), so that a loss says where it happened.
        groups = {}
        for e in sorted(distinct):
            parts = e.split("-")  # pre-..., bg-<mode>-..., single-<mode>-..., batch-<mode>-..., probe-<mode>-...
            groups.setdefault(parts[0] if parts[0] == "pre" else parts[0] + "-" + parts[1], []).append(e)
        lost = {}
        for group, ids in sorted(groups.items()):
            for k in range(0, len(ids), 1000):
                chunk = [{"event_id": e, "model_id": MODEL} for e in ids[k:k + 1000]]
                status, _, body, _ = post_events(base, chunk)
                if status != 200:
                    fail("re-send of acknowledged events answered %s: %s" % (status, str(body)[:300]))
                    continue
                resent_new += body["accepted"]
                resent_dup += body["duplicates"]
                if body["accepted"]:
                    lost[group] = lost.get(group, 0) + body["accepted"]
        if lost:
            fail("acknowledged events missing, by group: %s" % lost)
        counted_after = count(base)
        print("verify: %d distinct events acknowledged (%d before the first outage); summary count %d; re-sent: "
              "%d duplicates, %d new (must be 0); count unchanged by the re-send: %s; total %.1f s"
              % (len(distinct), len(before), counted, resent_dup, resent_new, counted == counted_after,
                 time.monotonic() - t_start), flush=True)
        if resent_new or counted != len(distinct) or counted_after != counted:
            fail("acknowledged events are missing or counted twice")
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        proxy.close()
        log.close()
        psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % DB)
        if failures:
            print("server log: " + log.name)
        else:
            subprocess.run(["rm", "-rf", data])
    if failures:
        print("db_outage: %d failure(s)" % len(failures))
        sys.exit(1)
    print("db_outage: OK")


if __name__ == "__main__":
    main()
