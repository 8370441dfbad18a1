"""moto's server for the AegisML AWS provider tests, with SageMaker UpdateEndpoint added.

Started by MotoServer.java: python3 moto_server.py [host]. It binds a free port on the loopback
interface, prints "PORT <n>" on one line and serves SageMaker, S3 and Cost Explorer (all of moto)
until its standard input closes, so that it never outlives the test JVM that started it, even
when that JVM is killed.

Why UpdateEndpoint is added here: moto 5.2.1 does not implement SageMaker's UpdateEndpoint (it
answers HTTP 500, "NotImplementedError: The update_endpoint action has not been implemented"),
and the provider must call the real operation: on AWS, adding or removing a version on a live
endpoint means a new endpoint configuration and UpdateEndpoint, so the tests would otherwise
either not test that path or test a different one. The implementation below follows the AWS API
reference (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html):

- the endpoint and the new endpoint configuration must exist, else a ValidationException
  "Could not find ..." (the error moto gives for its other endpoint operations);
- an endpoint that is not InService (or Failed) cannot be updated ("Cannot update in-progress
  endpoint");
- the endpoint then serves the new configuration's production variants, with their initial
  weights and instance counts; with RetainAllVariantProperties the current weight and instance
  count of each variant that the new configuration also has are kept, less the properties named
  in ExcludeRetainedVariantProperties (DesiredWeight, DesiredInstanceCount);
- AWS goes through Updating back to InService; like moto's CreateEndpoint, which is InService at
  once, this happens at once.

Only the request handling is added: the SDK client and the wire protocol are moto's and the
AWS SDK's as they are. If a later moto implements the operation, its own is used.
"""
import logging
import os
import sys
import threading

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import FakeEndpoint, FakeEndpointConfig, SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse
from werkzeug.serving import make_server


def update_endpoint(self, endpoint_name, endpoint_config_name, retain_all_variant_properties=False,
                    exclude_retained_variant_properties=None):
    endpoint = self.endpoints.get(endpoint_name)
    if endpoint is None:
        arn = FakeEndpoint.arn_formatter(endpoint_name, self.account_id, self.region_name)
        raise ValidationError(message=f"Could not find endpoint '{arn}'.")
    config = self.endpoint_configs.get(endpoint_config_name)
    if config is None:
        arn = FakeEndpointConfig.arn_formatter(endpoint_config_name, self.account_id, self.region_name)
        raise ValidationError(message=f"Could not find endpoint configuration '{arn}'.")
    if endpoint.endpoint_status not in ("InService", "Failed"):
        raise ValidationError(message=f"Cannot update in-progress endpoint '{endpoint.arn}'.")

    endpoint.endpoint_status = "Updating"
    variants = endpoint._process_production_variants(config.production_variants)
    if retain_all_variant_properties:
        excluded = {p.get("VariantPropertyType") for p in (exclude_retained_variant_properties or [])}
        current = {v["VariantName"]: v for v in endpoint.production_variants}
        for v in variants:
            old = current.get(v["VariantName"])
            if old is None:
                continue
            if "DesiredWeight" not in excluded:
                for k in ("CurrentWeight", "DesiredWeight"):
                    if k in old:
                        v[k] = old[k]
                    else:
                        v.pop(k, None)
            if "DesiredInstanceCount" not in excluded:
                for k in ("CurrentInstanceCount", "DesiredInstanceCount"):
                    if k in old:
                        v[k] = old[k]
                    else:
                        v.pop(k, None)
    endpoint.production_variants = variants
    endpoint.endpoint_config_name = endpoint_config_name
    endpoint.data_capture_config = config.data_capture_config
    endpoint.last_modified_time = utcnow()
    endpoint.endpoint_status = "InService"
    return endpoint.arn


def update_endpoint_response(self):
    arn = self.sagemaker_backend.update_endpoint(
        endpoint_name=self._get_param("EndpointName"),
        endpoint_config_name=self._get_param("EndpointConfigName"),
        retain_all_variant_properties=bool(self._get_param("RetainAllVariantProperties")),
        exclude_retained_variant_properties=self._get_param("ExcludeRetainedVariantProperties"),
    )
    return ActionResult({"EndpointArn": arn})


def main():
    if not hasattr(SageMakerModelBackend, "update_endpoint"):
        SageMakerModelBackend.update_endpoint = update_endpoint
    if not hasattr(SageMakerResponse, "update_endpoint"):
        SageMakerResponse.update_endpoint = update_endpoint_response

    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server(host, 0, DomainDispatcherApplication(create_backend_app), threaded=True)
    os.environ["MOTO_PORT"] = str(server.server_port)
    print(f"PORT {server.server_port}", flush=True)
    # Anything printed later goes to the log (standard error), not to the pipe the caller read.
    os.dup2(2, 1)

    def stop_when_parent_goes():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=stop_when_parent_goes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
