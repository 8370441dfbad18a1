"""Helpers the end-to-end scripts share: free ports, JSON calls, starting the server product, psql."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, key, method, path, body=None, timeout=10):
    """One JSON call; returns (status, parsed body). HTTP errors raise urllib.error.HTTPError."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        raw = r.read()
        return r.status, (json.loads(raw) if raw else None)


def upload_version(base, key, model, artifact_path):
    subprocess.run(["curl", "-sf", "-o", "/dev/null", "-H", "Authorization: Bearer " + key, "-F",
                    'metadata={"framework":"sklearn"};type=application/json', "-F", "artifact=@" + artifact_path,
                    base + "/api/v1/models/" + model + "/versions"], check=True)


def start_server(env, log, timeout=600):
    """Starts ./aegisml server in its own process group and waits for /healthz (the first start may build)."""
    proc = subprocess.Popen([os.path.join(ROOT, "aegisml"), "server"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = "http://127.0.0.1:" + env["AEGISML_PORT"]
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("the server exited during start-up, see " + log.name)
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return proc, base
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    sys.exit("the server did not become healthy")


def psql(sql, db="postgres"):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qc", sql], check=True)
