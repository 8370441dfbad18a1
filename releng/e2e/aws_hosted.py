#!/usr/bin/env python3
"""A canary on SageMaker through the server product, the way an operator would run one, against
moto's server (the AWS provider's own test launcher, which adds the UpdateEndpoint moto lacks).

Starts moto and `./aegisml server` on a fresh embedded store, configured through its properties
file (provider.aws.region and provider.aws.endpoint; credentials from the AWS environment
variables, the provider's standard chain). Then over the REST API: GET /api/v1/providers says aws
is ok with its capabilities; a deployment on backend type sagemaker creates the SageMaker endpoint
(checked with boto3 against moto); a canary's first step sets the variant weights 90/10 at
SageMaker; a rollback puts them back to 100/0 and removes the candidate's variant; deleting the
deployment removes the endpoint. It prints how long each change took to show at SageMaker.

    releng/e2e/aws_hosted.py [rounds=5]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import ROOT, call, free_port, start_server, upload_version  # noqa: E402

KEY = "aws-hosted-admin-key-0123456789"
MOTO = os.path.join(ROOT, "bundles/org.aegisml.provider.aws.tests/src/org/aegisml/provider/aws/internal/moto_server.py")
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true"}


def until(what, check, timeout=30):
    """Polls check() until it returns something true; returns (value, seconds waited)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        v = check()
        if v:
            return v, time.monotonic() - t0
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    moto = subprocess.Popen([sys.executable, MOTO, "127.0.0.1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, **CREDENTIALS))
    data = tempfile.mkdtemp(prefix="aegisml-aws-")
    server = None
    try:
        line = moto.stdout.readline().strip()
        assert line.startswith("PORT "), "moto did not start: " + line
        endpoint = "http://127.0.0.1:" + line.split()[1]
        sm = boto3.client("sagemaker", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="testing",
                          aws_secret_access_key="testing")
        config = os.path.join(data, "aegisml.properties")
        with open(config, "w") as f:
            f.write("provider.aws.region=us-east-1\nprovider.aws.endpoint=%s\n" % endpoint)
        env = dict(os.environ, AEGISML_CONFIG=config, AEGISML_DATA_DIR=data, AEGISML_PORT=str(free_port()),
                   AEGISML_ADMIN_KEY=KEY, AEGISML_LOG_LEVEL="warn", **CREDENTIALS)
        log = open(os.path.join(data, "server.log"), "a")
        server, base = start_server(env, log)

        _, providers = call(base, KEY, "GET", "/api/v1/providers")
        aws = [p for p in providers["items"] if p["name"] == "aws"][0]
        assert aws["health"]["status"] == "ok", aws
        assert "model-host:sagemaker" in aws["capabilities"] and "cost-source" in aws["capabilities"], aws
        others = [p["name"] + "=" + p["health"]["status"] for p in providers["items"] if p["name"] != "aws"]
        print("providers: aws=ok %s; %s" % (aws["capabilities"], ", ".join(others)))

        call(base, KEY, "POST", "/api/v1/models", {"name": "fraud", "kind": "ml"})
        for _ in range(2):
            upload_version(base, KEY, "fraud", os.path.join(ROOT, "README.md"))

        def backend(version):
            return {"type": "sagemaker", "options": {
                "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud:%d" % version,
                "model_data": "s3://models/fraud-%d.tar.gz" % version,
                "execution_role": "arn:aws:iam::123456789012:role/sagemaker", "instance_type": "ml.m5.large"}}

        def weights(name):
            try:
                d = sm.describe_endpoint(EndpointName=name)
            except sm.exceptions.ClientError:
                return None
            vs = d.get("ProductionVariants", [])
            total = sum(v.get("CurrentWeight", 0) for v in vs)
            if d["EndpointStatus"] != "InService" or total == 0:
                return d["EndpointStatus"]
            return sorted(round(v.get("CurrentWeight", 0) / total * 100) for v in vs)

        timings = {"create": [], "canary step": [], "rollback": [], "delete": []}
        for r in range(rounds):
            name = "fraud-%d" % r
            t0 = time.monotonic()
            call(base, KEY, "POST", "/api/v1/deployments", {"name": name, "project": "risk",
                                                           "stable": {"version": "models/fraud/1", "backend": backend(1)}},
                 timeout=60)
            timings["create"].append(time.monotonic() - t0)
            assert weights(name) == [100], weights(name)
            tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=sm.describe_endpoint(EndpointName=name)["EndpointArn"])["Tags"]}
            assert tags.get("aegisml:project") == "risk" and tags.get("aegisml:endpoint") == name, tags

            t0 = time.monotonic()
            _, rollout = call(base, KEY, "POST", "/api/v1/deployments/%s/rollouts" % name, {
                "strategy": "canary", "candidate": {"version": "models/fraud/2", "backend": backend(2)},
                "steps": [{"weight": 10, "duration": "1h"}, {"weight": 100, "duration": "1h"}]}, timeout=60)
            _, waited = until("10 % at SageMaker", lambda: weights(name) == [10, 90])
            timings["canary step"].append(time.monotonic() - t0)

            t0 = time.monotonic()
            call(base, KEY, "POST", "/api/v1/rollouts/%s/rollback" % rollout["id"], {"reason": "e2e"})
            until("all traffic back on the stable", lambda: weights(name) == [100])
            timings["rollback"].append(time.monotonic() - t0)
            _, r2 = call(base, KEY, "GET", "/api/v1/rollouts/" + rollout["id"])
            assert r2["state"] == "rolled_back", r2["state"]

            t0 = time.monotonic()
            call(base, KEY, "DELETE", "/api/v1/deployments/" + name)
            until("the endpoint removed", lambda: weights(name) is None)
            timings["delete"].append(time.monotonic() - t0)

        for k, v in timings.items():
            print("%-12s median %6.0f ms  (min %.0f, max %.0f, %d rounds; until SageMaker shows it)"
                  % (k, statistics.median(v) * 1000, min(v) * 1000, max(v) * 1000, len(v)))
        print("aws_hosted: OK")
    finally:
        if server is not None:
            try:
                os.killpg(server.pid, 15)
                server.wait(timeout=30)
            except Exception:
                pass
        moto.stdin.close()
        moto.wait(timeout=10)


if __name__ == "__main__":
    main()
