#!/usr/bin/env python3
"""A plugin started from the template and built outside this reactor loads into a running server.

`./aegisml new-plugin` makes a project from plugins-sdk/template in a temporary directory,
`./aegisml publish-api` installs the API into the local Maven repository, Maven builds the
project there (bnd writes its manifest and DS descriptor), and the jar is dropped into the plugins
directory of a running `./aegisml server`: within 5 s GET /api/v1/extensions lists its drift
detector from its bundle, active; removed, it is gone.

    releng/e2e/template_plugin.py
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import ROOT, call, free_port, start_server  # noqa: E402

KEY = "template-plugin-admin-key-0123456789"


def until(what, check, timeout=5.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if check():
            return time.monotonic() - t0
        time.sleep(0.1)
    raise AssertionError("not within %.0f s: %s" % (timeout, what))


def main():
    work = tempfile.mkdtemp(prefix="aegisml-template-")
    project = os.path.join(work, "tv-detector")
    aegisml = os.path.join(ROOT, "aegisml")
    subprocess.run([aegisml, "new-plugin", project, "org.acme"], check=True)
    subprocess.run([aegisml, "publish-api"], check=True)
    subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-f", os.path.join(project, "pom.xml"), "package"],
                   check=True, cwd=ROOT)
    jar = os.path.join(project, "target", "tv-detector.jar")
    assert os.path.isfile(jar), jar

    plugins = os.path.join(work, "plugins")
    data = os.path.join(work, "data")
    env = dict(os.environ, AEGISML_DATA_DIR=data, AEGISML_PLUGINS_DIR=plugins, AEGISML_PORT=str(free_port()),
               AEGISML_ADMIN_KEY=KEY, AEGISML_LOG_LEVEL="warn")
    log = open(os.path.join(work, "server.log"), "a")
    server, base = start_server(env, log)
    try:
        def detector():
            _, ext = call(base, KEY, "GET", "/api/v1/extensions")
            found = [e for e in ext["extensions"] if e["type"] == "DriftDetector" and e["bundle"] == "org.acme.tv-detector"]
            return found[0] if found else None

        os.makedirs(plugins, exist_ok=True)
        shutil.copy(jar, os.path.join(plugins, "tv-detector.jar"))
        took = until("the template's drift detector to be listed", lambda: detector() is not None)
        d = detector()
        assert d["bundle_state"] == "active" and d["plugin"] == "tv-detector.jar", d
        _, ext = call(base, KEY, "GET", "/api/v1/extensions")
        assert [p["state"] for p in ext["plugins"] if p["file"] == "tv-detector.jar"] == ["active"], ext["plugins"]
        print("loaded in %.1f s: %s from %s %s" % (took, d["name"], d["bundle"], d["bundle_version"]))

        os.remove(os.path.join(plugins, "tv-detector.jar"))
        until("the template's drift detector to be gone", lambda: detector() is None)
        print("template_plugin: OK")
    finally:
        try:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        except Exception:
            pass
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
