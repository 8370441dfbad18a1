#!/usr/bin/env python3
"""Writes bundles/org.aegisml.server/src/openapi.json, the OpenAPI 3.1 description of REST API v1.

Run it after changing a route; org.aegisml.server.tests checks that every route the server
registers is described here, so the document cannot silently fall behind.
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'bundles', 'org.aegisml.server', 'src', 'openapi.json')

def ref(name): return {'$ref': '#/components/schemas/' + name}
def problem(*codes):
    return {str(c): {'$ref': '#/components/responses/Problem'} for c in codes}
def body(schema, ctype='application/json'):
    return {'required': True, 'content': {ctype: {'schema': schema}}}
def ok(schema, code='200', desc='OK'):
    return {code: {'description': desc, 'content': {'application/json': {'schema': schema}}}}
def page(item):
    return {'type': 'object', 'required': ['items', 'total', 'page', 'size'], 'properties': {
        'items': {'type': 'array', 'items': item}, 'total': {'type': 'integer'},
        'page': {'type': 'integer'}, 'size': {'type': 'integer'}}}
P_PAGE = [{'name': 'page', 'in': 'query', 'schema': {'type': 'integer', 'minimum': 1, 'default': 1}},
          {'name': 'size', 'in': 'query', 'schema': {'type': 'integer', 'minimum': 1, 'maximum': 500, 'default': 50}}]
def path_param(name, schema=None):
    return {'name': name, 'in': 'path', 'required': True, 'schema': schema or {'type': 'string'}}
NAME, VERSION, ALIAS = path_param('name'), path_param('version', {'type': 'integer', 'minimum': 1}), path_param('alias')

S = lambda **props: {'type': 'object', 'properties': props}
string, integer, number, ts = {'type': 'string'}, {'type': 'integer'}, {'type': 'number'}, {'type': 'string', 'format': 'date-time'}
paths = {}
def op(method, path, summary, role, responses, request=None, params=None, tags=None):
    o = {'summary': summary, 'responses': responses}
    if role:
        o['description'] = 'Requires the %s role or higher.' % role
        o['responses'].update(problem(401, 403))
    else:
        o['security'] = []
    if request: o['requestBody'] = request
    if params: o['parameters'] = params
    if tags: o['tags'] = tags
    paths.setdefault(path, {})[method.lower()] = o

op('GET', '/healthz', 'Liveness and database readiness', None,
   {**ok({'type': 'object', 'properties': {'status': {'enum': ['UP', 'DOWN']}}}), **problem(503)}, tags=['system'])
op('GET', '/metrics', 'Prometheus metrics (text format 0.0.4)', None,
   {'200': {'description': 'OK', 'content': {'text/plain': {'schema': {'type': 'string'}}}}}, tags=['system'])
op('GET', '/api/v1/openapi.json', 'This document', 'viewer', ok({'type': 'object'}), tags=['system'])

for coll, singular, file_part in [('models', 'model', 'artifact'), ('prompts', 'prompt', None), ('datasets', 'dataset', 'file')]:
    base = '/api/v1/' + coll
    tag = [coll]
    op('POST', base, 'Register a ' + singular, 'operator',
       {**ok(ref('Asset'), '201', 'Created'), **problem(400, 409, 413, 415)}, body(ref('NewAsset')), tags=tag)
    params = list(P_PAGE) + [{'name': 'tag', 'in': 'query', 'schema': {'type': 'string'}, 'description': 'key or key=value'},
                             {'name': 'text', 'in': 'query', 'schema': {'type': 'string'}}]
    if coll == 'models':
        params.append({'name': 'kind', 'in': 'query', 'schema': {'enum': ['ml', 'llm']}})
    op('GET', base, 'List ' + coll, 'viewer', {**ok(page(ref('Asset'))), **problem(400)}, params=params, tags=tag)
    op('GET', base + '/{name}', 'Show a ' + singular, 'viewer', {**ok(ref('Asset')), **problem(404)}, params=[NAME], tags=tag)
    if file_part:
        meta = ref('ModelVersionMetadata' if coll == 'models' else 'DatasetVersionMetadata')
        req = body({'type': 'object', 'required': ([file_part] + (['metadata'] if coll == 'models' else [])),
                    'properties': {'metadata': meta, file_part: {'type': 'string', 'format': 'binary'}}},
                   'multipart/form-data')
    else:
        req = body(ref('PromptVersion'))
    op('POST', base + '/{name}/versions', 'Register the next version of a ' + singular, 'operator',
       {**ok(ref('Version'), '201', 'Created'), **problem(400, 404, 409, 413, 415)}, req, params=[NAME], tags=tag)
    op('GET', base + '/{name}/versions', 'List versions, newest first', 'viewer',
       {**ok(page(ref('Version'))), **problem(404)}, params=[NAME] + P_PAGE, tags=tag)
    op('GET', base + '/{name}/versions/{version}', 'Show a version', 'viewer',
       {**ok(ref('Version')), **problem(400, 404)}, params=[NAME, VERSION], tags=tag)
    if file_part:
        op('GET', base + '/{name}/versions/{version}/artifact', 'Download the exact bytes of the version\'s file', 'viewer',
           {'200': {'description': 'The file', 'content': {'application/octet-stream': {'schema': {'type': 'string', 'format': 'binary'}}}},
            **problem(404)}, params=[NAME, VERSION], tags=tag)
    op('POST', base + '/{name}/versions/{version}/stage', 'Move a version to another stage', 'operator',
       {**ok(ref('StageChange')), **problem(400, 404, 409)}, body(ref('StageRequest')), params=[NAME, VERSION], tags=tag)
    op('GET', base + '/{name}/versions/{version}/stages', 'Stage history of a version', 'viewer',
       {**ok({'type': 'object', 'properties': {'items': {'type': 'array', 'items': ref('StageChange')}}}), **problem(404)},
       params=[NAME, VERSION], tags=tag)
    op('GET', base + '/{name}/aliases/{alias}', 'The version an alias points at (latest: the newest)', 'viewer',
       {**ok(ref('Version')), **problem(404)}, params=[NAME, ALIAS], tags=tag)
    op('PUT', base + '/{name}/aliases/{alias}', 'Create or move an alias', 'operator',
       {**ok(ref('AliasChange')), **problem(400, 404, 415)}, body(ref('AliasRequest')), params=[NAME, ALIAS], tags=tag)
    op('DELETE', base + '/{name}/aliases/{alias}', 'Delete an alias', 'operator',
       {**ok(ref('AliasChange')), **problem(404)}, params=[NAME, ALIAS, {'name': 'reason', 'in': 'query', 'schema': {'type': 'string'}}], tags=tag)
    op('GET', base + '/{name}/aliases/{alias}/history', 'Every move of an alias', 'viewer',
       {**ok({'type': 'object', 'properties': {'items': {'type': 'array', 'items': ref('AliasChange')}}}), **problem(404)},
       params=[NAME, ALIAS], tags=tag)

op('POST', '/api/v1/lineage', 'Record a lineage edge (from is upstream of to)', 'operator',
   {**ok(ref('LineageEdge'), '201', 'Created'), **problem(400, 404, 409, 415)}, body(ref('LineageRequest')), tags=['lineage'])
op('GET', '/api/v1/lineage/{type}/{name}/{version}', 'Walk the lineage up or down, to any depth', 'viewer',
   {**ok({'type': 'object', 'properties': {'start': ref('VersionRef'), 'direction': {'enum': ['up', 'down']},
         'items': {'type': 'array', 'items': ref('LineageNode')}}}), **problem(400, 404)},
   params=[path_param('type', {'enum': ['models', 'prompts', 'datasets']}), NAME, VERSION,
           {'name': 'direction', 'in': 'query', 'schema': {'enum': ['up', 'down'], 'default': 'down'}},
           {'name': 'depth', 'in': 'query', 'schema': {'type': 'integer', 'minimum': 1, 'maximum': 100, 'default': 100}}],
   tags=['lineage'])
op('GET', '/api/v1/audit', 'Audit log entries, newest first', 'viewer', {**ok(page(ref('AuditEntry'))), **problem(400)},
   params=P_PAGE + [{'name': n, 'in': 'query', 'schema': {'type': 'string'}} for n in ('actor', 'action', 'target')]
   + [{'name': n, 'in': 'query', 'schema': {'type': 'string', 'format': 'date-time'}} for n in ('from', 'to')], tags=['audit'])
op('GET', '/api/v1/audit/verify', 'Walk the hash chain and report the first bad entry', 'viewer',
   ok({'type': 'object', 'properties': {'valid': {'type': 'boolean'}, 'entries_checked': {'type': 'integer'},
       'first_bad_seq': {'type': ['integer', 'null']}, 'reason': {'type': ['string', 'null']}, 'head_hash': {'type': 'string'}}}),
   tags=['audit'])
op('GET', '/api/v1/me', 'Who the calling key belongs to: its id, name and role', 'viewer',
   ok(ref('Me')), tags=['keys'])
op('POST', '/api/v1/keys', 'Issue an API key (the key is shown only in this response)', 'admin',
   {**ok(ref('IssuedKey'), '201', 'Created'), **problem(400, 409, 415)}, body(ref('KeyRequest')), tags=['keys'])
op('GET', '/api/v1/keys', 'List API keys (never their secrets)', 'admin',
   ok({'type': 'object', 'properties': {'items': {'type': 'array', 'items': ref('ApiKey')}}}), tags=['keys'])
op('DELETE', '/api/v1/keys/{id}', 'Revoke an API key', 'admin', {**ok(ref('ApiKey')), **problem(404, 409)},
   params=[path_param('id')], tags=['keys'])

def q(name, schema=None, required=False, desc=None):
    p = {'name': name, 'in': 'query', 'schema': schema or {'type': 'string'}}
    if required: p['required'] = True
    if desc: p['description'] = desc
    return p
INGEST_DOC = ('One event as application/json, or a batch as application/x-ndjson (one event per line). '
              'Acknowledged events are durable; an event_id seen before is not counted twice; a rejected '
              'line never rejects its neighbours.')
op('POST', '/api/v1/events', 'Ingest inference events', 'operator',
   {**ok(ref('IngestReport')), **problem(400, 413, 415, 503)},
   {'required': True, 'description': INGEST_DOC, 'content': {'application/json': {'schema': ref('Event')},
    'application/x-ndjson': {'schema': {'type': 'string', 'description': 'one Event object per line'}}}},
   tags=['monitoring'])
op('POST', '/api/v1/labels', 'Attach late ground truth to ingested events', 'operator',
   {**ok(ref('LabelReport')), **problem(400, 413, 415, 503)},
   {'required': True, 'content': {'application/json': {'schema': ref('Label')},
    'application/x-ndjson': {'schema': {'type': 'string', 'description': 'one Label object per line'}}}},
   tags=['monitoring'])
WINDOW = [q('model', required=True), q('version', {'type': 'integer', 'minimum': 1},
          desc='default: the version the production alias points at, else the latest'), q('endpoint'),
          q('arm', {'enum': ['stable', 'canary', 'shadow', 'a', 'b']}),
          q('from', {'type': 'string', 'format': 'date-time'}, desc='default: to minus one hour'),
          q('to', {'type': 'string', 'format': 'date-time'}, desc='default: now')]
op('GET', '/api/v1/metrics/series', 'One metric of a model version over time, read from summaries', 'viewer',
   {**ok(ref('MetricSeries')), **problem(400, 404)},
   params=WINDOW + [q('metric', {'enum': ['count', 'errors', 'error_rate', 'latency_p50', 'latency_p95', 'latency_p99',
                                          'latency_mean', 'tokens', 'input_tokens', 'output_tokens', 'cost', 'labelled',
                                          'accuracy', 'mae', 'rmse', 'injection_rate', 'pii_rate',
                                          'policy_violation_rate', 'hallucination_mean', 'infrastructure_cost'],
                                 'description': 'infrastructure_cost: provider spend from the cost ledger, whole-day steps'}, required=True),
                    q('step', desc='60s, 5m, 1h, 1d or ISO-8601 (PT5M); default 1m; at most 10,000 steps')],
   tags=['monitoring'])
op('GET', '/api/v1/metrics/summary', 'Everything the summaries know about a model version over a window', 'viewer',
   {**ok(ref('VersionSummary')), **problem(400, 404)}, params=WINDOW, tags=['monitoring'])
MODEL_PATH = path_param('model')
op('GET', '/api/v1/metrics/anomalies', 'A metric series with its anomalies (robust z-score against the trailing window)',
   'viewer', {**ok(ref('AnomalySeries')), **problem(400, 404)},
   params=WINDOW + [q('metric', required=True, desc='as for /api/v1/metrics/series'),
                    q('step', desc='60s, 5m, 1h, 1d or ISO-8601 (PT5M); default 1m'),
                    q('window', {'type': 'integer', 'minimum': 2, 'maximum': 1000, 'default': 30},
                      desc='preceding steps each point is compared with'),
                    q('threshold', {'type': 'number', 'default': 3.5}, desc='|z| above which a point is flagged')],
   tags=['monitoring'])
op('GET', '/api/v1/costs', 'Spend per day by model, version, endpoint or project, with spend spikes', 'viewer',
   {**ok(ref('CostReport')), **problem(400, 404)},
   params=[q('from', {'type': 'string', 'format': 'date-time'}, desc='default: to minus 30 days (whole UTC days)'),
           q('to', {'type': 'string', 'format': 'date-time'}, desc='default: now'),
           q('group_by', {'enum': ['model', 'version', 'endpoint', 'project'], 'default': 'model'}),
           q('model', desc='only this model'), q('project', desc='only this project (unassigned: events without one)')],
   tags=['costs'])
day = {'type': 'string', 'format': 'date'}
op('GET', '/api/v1/costs/ledger', 'The cost ledger: token and provider (infrastructure) spend per day and group side by side, with spikes',
   'viewer', {**ok(ref('LedgerReport')), **problem(400)},
   params=[q('from', day, desc='first UTC day; default: to minus 30 days'), q('to', day, desc='day after the last; default: tomorrow'),
           q('group_by', {'enum': ['project', 'model', 'version', 'endpoint'], 'default': 'model'}),
           q('model', desc='only this model'), q('project', desc='only this project')], tags=['costs'])
op('POST', '/api/v1/costs/ledger/sync', 'Ask every installed cost source for a period now and replace its lines in the ledger',
   'operator', {**ok(S(**{'from': day}, to=day, lines={'type': 'object', 'additionalProperties': integer},
                       failures={'type': 'object', 'additionalProperties': string})), **problem(400)},
   params=[q('from', day, desc='default: to minus 3 days'), q('to', day, desc='default: tomorrow')], tags=['costs'])
op('GET', '/api/v1/extensions', 'Every extension service by type with its bundle, and the plugins directory\'s bundles with their state (refused ones with the reason)',
   'viewer', ok(S(extensions={'type': 'array', 'items': ref('Extension')}, plugins={'type': 'array', 'items': ref('Plugin')})),
   tags=['system'])
op('GET', '/api/v1/providers', 'Installed providers (AWS, GCP, Azure, Kubernetes, third parties) with their capabilities and health',
   'viewer', ok({'type': 'object', 'properties': {'items': {'type': 'array', 'items': ref('ProviderInfo')}}}), tags=['providers'])
op('GET', '/api/v1/providers/{name}', 'One installed provider with its health checked now', 'viewer',
   {**ok(ref('ProviderInfo')), **problem(404)}, params=[NAME], tags=['providers'])
op('GET', '/api/v1/deployments/{name}/host', 'What the provider reports now for a hosted deployment: versions, weights, replicas wanted and ready, recent events',
   'viewer', {**ok(ref('HostStatus')), **problem(404, 503)}, params=[NAME], tags=['providers'])
op('GET', '/api/v1/autoscaling', 'Every autoscaling policy', 'viewer',
   ok({'type': 'object', 'properties': {'items': {'type': 'array', 'items': ref('AutoscalingPolicy')}}}), tags=['providers'])
op('GET', '/api/v1/deployments/{name}/autoscaling', 'A hosted deployment\'s autoscaling policy', 'viewer',
   {**ok(ref('AutoscalingPolicy')), **problem(404)}, params=[NAME], tags=['providers'])
op('PUT', '/api/v1/deployments/{name}/autoscaling', 'Create or replace a hosted deployment\'s autoscaling policy (audited)',
   'operator', {**ok(ref('AutoscalingPolicy')), **problem(400, 404)}, body(ref('AutoscalingPolicyRequest')), params=[NAME],
   tags=['providers'])
op('DELETE', '/api/v1/deployments/{name}/autoscaling', 'Remove a deployment\'s autoscaling policy (audited)', 'operator',
   {'204': {'description': 'Removed'}, **problem(404)}, params=[NAME], tags=['providers'])
op('GET', '/api/v1/deployments/{name}/autoscaling/decisions', 'The autoscaler\'s latest decisions for a deployment, newest first',
   'viewer', ok({'type': 'object', 'properties': {'items': {'type': 'array', 'items': ref('ScalingDecision')}}}), params=[NAME],
   tags=['providers'])
op('GET', '/api/v1/prices', 'The token price table', 'viewer',
   ok({'type': 'object', 'properties': {'items': {'type': 'array', 'items': ref('ModelPrice')}}}), tags=['costs'])
op('GET', '/api/v1/prices/{model}', 'A model\'s token prices', 'viewer', {**ok(ref('ModelPrice')), **problem(404)},
   params=[MODEL_PATH], tags=['costs'])
op('PUT', '/api/v1/prices/{model}', 'Set a model\'s token prices (audited); prices events sent without a cost', 'operator',
   {**ok(ref('ModelPrice')), **problem(400, 404)}, body(ref('PriceRequest')), params=[MODEL_PATH], tags=['costs'])
op('DELETE', '/api/v1/prices/{model}', 'Remove a model\'s token prices (audited)', 'operator',
   {**ok(S(model=string, deleted={'type': 'boolean'})), **problem(404)}, params=[MODEL_PATH], tags=['costs'])
op('GET', '/api/v1/drift', 'Drift of a model version\'s live traffic against its baseline, per feature and output',
   'viewer', {**ok(ref('DriftReport')), **problem(400, 404)},
   params=[q('model', required=True), q('version', {'type': 'integer', 'minimum': 1},
           desc='default: the version the production alias points at, else the latest'), q('endpoint'),
           q('arm', {'enum': ['stable', 'canary', 'shadow', 'a', 'b']}),
           q('window', desc='how far back from `to`: 60s, 5m, 1h, 1d or ISO-8601; default 1h'),
           q('from', {'type': 'string', 'format': 'date-time'}, desc='instead of window'),
           q('to', {'type': 'string', 'format': 'date-time'}, desc='default: now')],
   tags=['drift'])
op('GET', '/api/v1/drift/baselines/{model}/{version}', 'The drift baseline of a model version', 'viewer',
   {**ok(ref('Baseline')), **problem(404)}, params=[MODEL_PATH, VERSION], tags=['drift'])
op('PUT', '/api/v1/drift/baselines/{model}/{version}', 'Set the baseline from a dataset version or a window of traffic',
   'operator', {**ok(ref('Baseline')), **problem(400, 404)}, body(ref('BaselineRequest')),
   params=[MODEL_PATH, VERSION], tags=['drift'])
op('DELETE', '/api/v1/drift/baselines/{model}/{version}', 'Remove the baseline of a model version', 'operator',
   {**ok(S(model=string, version=integer, deleted={'type': 'boolean'})), **problem(404)},
   params=[MODEL_PATH, VERSION], tags=['drift'])
op('GET', '/api/v1/drift/settings/{model}', 'Drift thresholds and deciding methods of a model', 'viewer',
   {**ok(ref('DriftSettings')), **problem(404)}, params=[MODEL_PATH], tags=['drift'])
op('PUT', '/api/v1/drift/settings/{model}', 'Replace the drift settings of a model', 'operator',
   {**ok(ref('DriftSettings')), **problem(400, 404)}, body(ref('DriftSettings')), params=[MODEL_PATH], tags=['drift'])


# Alerting: rules over the metrics above, destinations (channels), firing alerts and their history.
A = '/api/v1/alerts'
ID, DEST = path_param('id'), path_param('name')
items = lambda schema: ok({'type': 'object', 'properties': {'items': {'type': 'array', 'items': schema}}})
NO_CONTENT = {'204': {'description': 'Deleted'}}
op('GET', A + '/rules', 'List alert rules, by name', 'viewer', items(ref('AlertRule')), tags=['alerts'])
op('POST', A + '/rules', 'Create an alert rule', 'operator', {**ok(ref('AlertRule'), '201', 'Created'), **problem(400, 409, 413, 415)},
   body(ref('AlertRuleRequest')), tags=['alerts'])
op('GET', A + '/rules/{id}', 'Show an alert rule', 'viewer', {**ok(ref('AlertRule')), **problem(404)}, params=[ID], tags=['alerts'])
op('PUT', A + '/rules/{id}', 'Replace an alert rule (a firing alert stays open; disabling closes it without a notification)',
   'operator', {**ok(ref('AlertRule')), **problem(400, 404, 409, 413, 415)}, body(ref('AlertRuleRequest')), params=[ID],
   tags=['alerts'])
op('DELETE', A + '/rules/{id}', 'Delete an alert rule (its history stays)', 'operator', {**NO_CONTENT, **problem(404)},
   params=[ID], tags=['alerts'])
op('GET', A + '/destinations', 'List destinations, secrets masked', 'viewer', items(ref('Destination')), tags=['alerts'])
op('POST', A + '/destinations', 'Create a destination', 'operator',
   {**ok(ref('Destination'), '201', 'Created'), **problem(400, 409, 413, 415)}, body(ref('DestinationRequest')), tags=['alerts'])
op('GET', A + '/destinations/{name}', 'Show a destination, secrets masked', 'viewer', {**ok(ref('Destination')), **problem(404)},
   params=[DEST], tags=['alerts'])
op('PUT', A + '/destinations/{name}', 'Replace a destination; a setting sent as ******** keeps its stored value', 'operator',
   {**ok(ref('Destination')), **problem(400, 404, 413, 415)}, body(ref('DestinationRequest')), params=[DEST], tags=['alerts'])
op('DELETE', A + '/destinations/{name}', 'Delete a destination no rule uses', 'operator', {**NO_CONTENT, **problem(404, 409)},
   params=[DEST], tags=['alerts'])
op('POST', A + '/destinations/{name}/test', 'Send a test notification now and report the delivery', 'operator',
   {**ok(ref('Delivery')), **problem(404)}, params=[DEST], tags=['alerts'])
op('GET', A, 'Alerts firing now, newest first', 'viewer', items(ref('Alert')), tags=['alerts'])
op('GET', A + '/history', 'Alert history (firing episodes), newest first', 'viewer', {**ok(page(ref('Alert'))), **problem(400)},
   params=[q('rule', desc='a rule id'), q('state', {'enum': ['firing', 'resolved']}),
           q('from', {'type': 'string', 'format': 'date-time'}, desc='episodes started at or after'),
           q('to', {'type': 'string', 'format': 'date-time'}, desc='episodes started before')] + P_PAGE, tags=['alerts'])
op('GET', A + '/{id}', 'Show an alert (one firing episode)', 'viewer', {**ok(ref('Alert')), **problem(404)}, params=[ID],
   tags=['alerts'])
op('GET', A + '/{id}/deliveries', 'Every notification delivery of an alert, oldest first', 'viewer',
   {**items(ref('Delivery')), **problem(404)}, params=[ID], tags=['alerts'])

# Offline evaluation, regression tests, feedback and curation.
E, RG, FB = '/api/v1/evaluations', '/api/v1/regressions', '/api/v1/feedback'
ID = path_param('id')
obj = {'type': 'object'}
op('GET', E + '/metrics', 'The metric names the installed evaluators compute', 'viewer', items(string), tags=['evaluation'])
op('GET', E + '/tradeoff', 'Quality against cost per 1,000 requests and latency per version, with the Pareto-optimal set', 'viewer',
   {**ok(obj), **problem(400, 404)}, params=[{'name': n, 'in': 'query', 'schema': string} for n in
   ('model', 'type', 'prompt', 'dataset', 'dataset_version', 'metric')], tags=['evaluation'])
op('POST', E, 'Run an evaluation of a model or prompt version on a dataset version (backend or supplied predictions)', 'operator',
   {**ok(obj, '201', 'Created'), **problem(400, 404, 413, 415)}, body(obj), tags=['evaluation'])
op('GET', E, 'List evaluation runs, newest first (?target=&dataset=&limit=)', 'viewer', items(obj),
   params=[{'name': n, 'in': 'query', 'schema': string} for n in ('target', 'dataset', 'limit')], tags=['evaluation'])
op('GET', E + '/{id}', 'Show an evaluation run', 'viewer', {**ok(obj), **problem(404)}, params=[ID], tags=['evaluation'])
op('GET', E + '/{id}/results', 'Per-example results of a run (?offset=&limit=)', 'viewer', {**items(obj), **problem(404)},
   params=[ID], tags=['evaluation'])
op('POST', RG, 'Regression test of a candidate against the production version (bootstrap CI or McNemar)', 'operator',
   {**ok(obj, '201', 'Created'), **problem(400, 404, 413, 415)}, body(obj), tags=['evaluation'])
op('GET', RG, 'Regression tests of a candidate (?candidate=models/m/2), newest first', 'viewer', items(obj), tags=['evaluation'])
op('GET', RG + '/{id}', 'Show a regression test', 'viewer', {**ok(obj), **problem(404)}, params=[ID], tags=['evaluation'])
op('POST', RG + '/{id}/override', 'Let a failed candidate be promoted (another approver than the requester; reason required)',
   'approver', {**ok(obj), **problem(400, 404, 409)}, body(obj), params=[ID], tags=['evaluation'])
op('POST', FB, 'Feedback on a live call by event_id: score, thumbs, label, corrected output, comment', 'operator',
   {**ok(obj, '201', 'Created'), **problem(400, 404, 413, 415)}, body(obj), tags=['evaluation'])
op('GET', FB + '/summary', 'Online quality per model version and arm (?model=&from=&to=)', 'viewer', items(obj), tags=['evaluation'])
op('GET', FB + '/{id}', 'Show one feedback item', 'viewer', {**ok(obj), **problem(404)}, params=[ID], tags=['evaluation'])
op('POST', '/api/v1/datasets/{name}/curate', 'Turn feedback with corrections into a new dataset version (derived_from)', 'operator',
   {**ok(obj, '201', 'Created'), **problem(400, 404, 409)}, body(obj), params=[NAME], tags=['evaluation'])

# Deployments, rollouts and approvals (the deployment engine).
D, R, AP = '/api/v1/deployments', '/api/v1/rollouts', '/api/v1/approvals'
DEP = path_param('name')
op('GET', D, 'List deployments, by name', 'viewer', items(ref('Deployment')), tags=['deployments'])
op('POST', D, 'Create a deployment: an endpoint bound to a stable model or prompt version and its backend', 'operator',
   {**ok(ref('Deployment'), '201', 'Created'), **problem(400, 409, 413, 415)}, body(ref('DeploymentRequest')), tags=['deployments'])
op('GET', D + '/{name}', 'Show a deployment with its routing now', 'viewer', {**ok(ref('Deployment')), **problem(404)},
   params=[DEP], tags=['deployments'])
op('DELETE', D + '/{name}', 'Delete a deployment without an active rollout', 'operator', {**NO_CONTENT, **problem(404, 409)},
   params=[DEP], tags=['deployments'])
op('GET', D + '/{name}/health', 'Health score 0-100 of a deployment and its components', 'viewer',
   {**ok(ref('Health')), **problem(404)}, params=[DEP], tags=['deployments'])
op('GET', D + '/{name}/rollouts', 'Rollouts of a deployment, newest first', 'viewer', {**items(ref('Rollout')), **problem(404)},
   params=[DEP], tags=['deployments'])
op('POST', D + '/{name}/rollouts', 'Start a rollout (canary, shadow, ab or blue-green)', 'operator',
   {**ok(ref('Rollout'), '201', 'Created'), **problem(400, 404, 409, 413, 415)}, body(ref('RolloutRequest')), params=[DEP],
   tags=['deployments'])
op('GET', R + '/{id}', 'Show a rollout: state, step, weights, every analysis run and its timeline', 'viewer',
   {**ok(ref('Rollout')), **problem(404)}, params=[ID], tags=['deployments'])
for action, what in [('pause', 'Pause a progressing rollout (weights stay)'), ('resume', 'Resume a paused rollout'),
                     ('promote', 'Promote the candidate now (or request approval when the rollout needs it)'),
                     ('abort', 'Abort: candidate weight 0 at once, aliases back on the stable'),
                     ('rollback', 'Roll back: candidate weight 0 at once; after a promotion, within the rollback window, the previous stable serves again')]:
    op('POST', R + '/{id}/' + action, what, 'operator', {**ok(ref('Rollout')), **problem(400, 404, 409)},
       {'required': False, 'content': {'application/json': {'schema': S(reason=string)}}}, params=[ID], tags=['deployments'])
op('GET', AP, 'Approval requests, newest first', 'viewer', {**items(ref('Approval')), **problem(400)},
   params=[q('state', {'enum': ['pending', 'approved', 'rejected', 'cancelled']})], tags=['approvals'])
op('GET', AP + '/{id}', 'Show an approval request with its evidence', 'viewer', {**ok(ref('Approval')), **problem(404)},
   params=[ID], tags=['approvals'])
for action in ['approve', 'reject']:
    op('POST', AP + '/{id}/' + action, action.capitalize() + ' a pending request (approver role; never the requester: 403)',
       'approver', {**ok(ref('Approval')), **problem(400, 404, 409)},
       {'required': False, 'content': {'application/json': {'schema': S(comment=string)}}}, params=[ID], tags=['approvals'])

# Policies (the policy engine).
PO = '/api/v1/policies'
POL = path_param('name')
POLICY_SOURCE = {'required': True, 'content': {
    'application/yaml': {'schema': string}, 'text/yaml': {'schema': string}, 'application/json': {'schema': ref('PolicyDocument')}}}
op('GET', PO, 'List policies (latest version of each)', 'viewer', items(ref('Policy')), tags=['policies'])
op('PUT', PO + '/{name}', 'Save a policy document (YAML or JSON) as its next version; refused (400, field named) and not saved when it '
   'does not parse, compile, or reads a variable its decision points do not have', 'admin',
   {**ok(ref('Policy'), '201', 'Created'), **problem(400, 413, 415)}, POLICY_SOURCE,
   params=[POL, q('enabled', {'type': 'boolean', 'default': True})], tags=['policies'])
op('GET', PO + '/{name}', 'Show the latest version of a policy with its source and rules', 'viewer',
   {**ok(ref('Policy')), **problem(404)}, params=[POL], tags=['policies'])
op('DELETE', PO + '/{name}', 'Delete a policy (every version); its decisions stay in the audit log', 'admin',
   {**NO_CONTENT, **problem(404)}, params=[POL], tags=['policies'])
op('GET', PO + '/{name}/versions', 'Every version of a policy, oldest first', 'viewer', {**items(ref('Policy')), **problem(404)},
   params=[POL], tags=['policies'])
op('GET', PO + '/{name}/versions/{version}', 'Show one version of a policy', 'viewer', {**ok(ref('Policy')), **problem(404)},
   params=[POL, VERSION], tags=['policies'])
for action in ['enable', 'disable']:
    op('POST', PO + '/{name}/' + action, action.capitalize() + ' the latest version of a policy', 'admin',
       {**ok(ref('Policy')), **problem(404)}, params=[POL], tags=['policies'])
op('POST', PO + '/{name}/dry-run', 'Evaluate the saved policy, or a source sent along, against a context without any effect '
   '(nothing saved, audited or filed)', 'operator', {**ok(ref('Decision')), **problem(400, 404, 415)},
   body(S(point={'enum': ['promotion', 'rollout_start', 'rollout_step', 'gateway_request', 'gateway_response']},
          context={'type': 'object'}, source={'description': 'YAML text or a JSON policy document'},
          format={'enum': ['yaml', 'json']})), params=[POL], tags=['policies'])

# Live inference through the gateway.
EPT = path_param('endpoint')
GW_HEADERS = {
    'X-AegisML-Version': {'description': 'The version that answered, e.g. models/churn/3 or prompts/support/2', 'schema': string},
    'X-AegisML-Arm': {'description': 'stable, canary, a or b', 'schema': string},
    'X-Request-Id': {'description': "The call's id, which is its monitoring event's id (for labels and feedback)", 'schema': string},
}
GW_NOTE = (' The routing picks the stable or the candidate version (canary weight, sticky A/B, blue-green); shadow copies'
           ' never change the answer. The backend\'s status, body and content type are returned as they came, with the headers'
           ' below; a 5xx from the backend passes through. 503 (with Retry-After) when the chosen backend gives no answer:'
           ' timeout, connection refused after the connect retries, or its circuit is open after repeated failures.'
           ' Every call is one monitoring event.')
def gw_ok(desc, schema):
    return {'200': {'description': desc, 'headers': GW_HEADERS, 'content': {'application/json': {'schema': schema}}}}
op('POST', '/v1/endpoints/{endpoint}/invoke', 'Call an endpoint with a JSON body', 'viewer',
   {**gw_ok("The answering version's JSON (or, for an LLM, its chat completion)", {'type': 'object'}),
    **problem(400, 404, 413, 415, 503)}, body(ref('InvokeRequest')), params=[EPT], tags=['gateway'])
op('POST', '/v1/endpoints/{endpoint}/chat/completions', 'OpenAI-compatible chat completions through an endpoint', 'viewer',
   {**gw_ok('The chat completion', ref('ChatCompletion')), **problem(400, 404, 413, 415, 503)}, body(ref('ChatRequest')),
   params=[EPT], tags=['gateway'])
paths['/v1/endpoints/{endpoint}/invoke']['post']['description'] += GW_NOTE
paths['/v1/endpoints/{endpoint}/chat/completions']['post']['description'] += GW_NOTE + (
    ' Streaming is not supported: "stream": true is refused with 400. For a prompt endpoint the rendered prompt is put'
    ' first as a system message and the prompt version\'s parameters (temperature, max_tokens...) win over the request\'s.')

stage = {'enum': ['none', 'staging', 'production', 'archived']}
feature = S(name=string, type={'enum': ['number', 'integer', 'string', 'boolean', 'array', 'object']})
POLICY_RULE = S(name=string, when={'type': 'string', 'description': 'A JEXL expression over the decision context'},
                effect={'enum': ['allow', 'flag', 'redact', 'require_approval', 'deny']}, reason=string, approvers=integer,
                redact={'type': 'array', 'items': S(detector={'enum': ['credit_card', 'email', 'us_ssn', 'phone', 'iban']},
                                                    pattern=string, replacement=string)})
POINTS = {'type': 'array', 'items': {'enum': ['promotion', 'rollout_start', 'rollout_step', 'gateway_request', 'gateway_response']}}
schemas = {
    'PolicyDocument': {**S(name=string, description=string, points=POINTS, rules={'type': 'array', 'items': POLICY_RULE}),
                       'required': ['points', 'rules']},
    'Policy': S(name=string, version=integer, enabled={'type': 'boolean'}, description=string, points=POINTS,
                rules={'description': 'the number of rules in a list, the rules themselves when one policy is shown'},
                created_at=ts, created_by=string, format={'enum': ['yaml', 'json']}, source=string),
    'Decision': S(point=string, effect=string, approvers=integer,
                  matches={'type': 'array', 'items': S(policy=string, version=integer, rule=string, effect=string, reason=string,
                                                       approvers=integer)},
                  redactions={'type': 'array', 'items': S(detector=string, pattern=string, replacement=string)},
                  errors={'type': 'array', 'items': string}),
    'NewAsset': {**S(name=string, kind={'enum': ['ml', 'llm']}, description=string,
                     tags={'type': 'object', 'additionalProperties': string}), 'required': ['name'],
                 'description': 'kind is required for models and absent for prompts and datasets.'},
    'Asset': S(name=string, type={'enum': ['model', 'prompt', 'dataset']}, kind={'enum': ['ml', 'llm']}, description=string,
               tags={'type': 'object', 'additionalProperties': string}, latest_version=integer,
               aliases={'type': 'object', 'additionalProperties': integer}, created_at=ts, created_by=string),
    'Feature': feature,
    'ModelVersionMetadata': S(description=string, framework=string, format=string, params={'type': 'object'},
                              metrics={'type': 'object', 'additionalProperties': number},
                              tags={'type': 'object', 'additionalProperties': string},
                              signature={'type': 'array', 'items': ref('Feature')}),
    'DatasetVersionMetadata': S(description=string, format={'enum': ['csv', 'ndjson']}),
    'PromptVersion': {**S(description=string, template=string, variables={'type': 'array', 'items': string},
                          target_model={'type': 'string', 'description': 'model, model:version (links lineage) or model@alias'},
                          parameters={'type': 'object'}, commit_message=string), 'required': ['template']},
    'Artifact': S(sha256=string, size=integer, filename=string, media_type=string),
    'Version': {**S(name=string, type=string, version=integer, stage=stage, artifact=ref('Artifact'),
                    content_hash=string, row_count=integer, schema={'type': 'array', 'items': ref('Feature')},
                    created_at=ts, created_by=string),
                'description': 'Common fields plus the type-specific fields of ModelVersionMetadata, PromptVersion or '
                               'DatasetVersionMetadata at top level.', 'additionalProperties': True},
    'StageRequest': {**S(stage=stage, reason=string), 'required': ['stage']},
    'StageChange': S(version=ref('VersionRef'), to=stage, actor=string, reason=string, at=ts, **{'from': stage}),
    'AliasRequest': {**S(version=integer, reason=string), 'required': ['version']},
    'AliasChange': S(alias=string, from_version=integer, to_version=integer, actor=string, reason=string, at=ts),
    'VersionRef': S(type={'enum': ['model', 'prompt', 'dataset']}, name=string, version=integer),
    'LineageRequest': {**S(to={'oneOf': [ref('VersionRef'), {'type': 'string', 'example': 'models/churn/3'}]},
                           relation={'enum': ['trained_on', 'evaluated_on', 'uses', 'parent_of', 'derived_from']},
                           **{'from': {'oneOf': [ref('VersionRef'), {'type': 'string', 'example': 'datasets/churn-train/1'}]}}),
                       'required': ['from', 'to', 'relation']},
    'LineageEdge': S(to=ref('VersionRef'), relation=string, created_at=ts, created_by=string, **{'from': ref('VersionRef')}),
    'LineageNode': S(type=string, name=string, version=integer, depth=integer, via=ref('LineageEdge')),
    'AuditEntry': S(seq=integer, at=ts, actor=string, action=string, target=string, before=string, after=string,
                    prev_hash=string, hash=string),
    'KeyRequest': {**S(name=string, role={'enum': ['viewer', 'operator', 'approver', 'admin']}), 'required': ['name', 'role']},
    'ApiKey': S(id=string, name=string, role=string, created_at=ts, created_by=string, revoked_at=ts, active={'type': 'boolean'}),
    'Me': {**S(id=string, name=string, role={'enum': ['viewer', 'operator', 'approver', 'admin']}),
           'required': ['id', 'name', 'role']},
    'IssuedKey': S(id=string, name=string, role=string, key=string, created_at=ts),
    'Event': {**S(event_id=string, project_id=string, model_id=string, model_version=integer, endpoint=string,
                   timestamp={'oneOf': [ts, {'type': 'integer', 'description': 'epoch milliseconds'}]},
                   latency_ms=number, status={'enum': ['ok', 'error']}, arm={'enum': ['stable', 'canary', 'shadow', 'a', 'b']},
                   y_pred={'type': ['number', 'string']}, y_true={'type': ['number', 'string']},
                   y_proba={'oneOf': [number, {'type': 'array', 'items': number}, {'type': 'object', 'additionalProperties': number}]},
                   features={'type': 'object', 'additionalProperties': {'type': ['number', 'string', 'null']}},
                   prompt_version=string, input=string, output=string, context={'type': 'array', 'items': string},
                   samples={'type': 'array', 'items': string}, input_tokens=integer, output_tokens=integer, cost=number),
              'required': ['model_id'], 'additionalProperties': False},
    'Rejection': S(line=integer, event_id=string, reason=string),
    'IngestReport': S(received=integer, accepted=integer, duplicates=integer, rejected={'type': 'array', 'items': ref('Rejection')}),
    'Label': {**S(event_id=string, y_true={'type': ['number', 'string']}), 'required': ['event_id', 'y_true']},
    'LabelReport': S(received=integer, applied=integer, rejected={'type': 'array', 'items': ref('Rejection')}),
    'MetricSeries': S(model=string, version=integer, endpoint=string, arm=string, metric=string, step_seconds=integer,
                      points={'type': 'array', 'items': S(time=ts, value=number, count=integer)}, **{'from': ts, 'to': ts}),
    'FeatureSummary': S(kind={'enum': ['numeric', 'categorical']}, count=integer, missing=integer, mean=number, std=number,
                        min=number, max=number, histogram={'type': 'array', 'items': S(lower=number, upper=number, count=integer)},
                        top={'type': 'array', 'items': S(value=string, count=integer)}),
    'VersionSummary': S(model=string, version=integer, endpoint=string, arm=string, to=ts, count=integer, errors=integer,
                        latency=S(count=integer, mean=number, p50=number, p95=number, p99=number, min=number, max=number),
                        tokens=S(input=integer, output=integer), cost=number,
                        features={'type': 'object', 'additionalProperties': ref('FeatureSummary')},
                        predictions=ref('FeatureSummary'),
                        quality=S(labelled=integer, accuracy=number, mae=number, rmse=number),
                        signals=S(llm_events=integer, injections=integer, pii=integer, policy_violations=integer,
                                  hallucination_mean=number), **{'from': ts}),
    'AnomalySeries': S(model=string, version=integer, endpoint=string, arm=string, metric=string, step_seconds=integer,
                       to=ts, window=integer, threshold=number,
                       points={'type': 'array', 'items': S(time=ts, value=number, count=integer)},
                       anomalies={'type': 'array', 'items': S(time=ts, value=number, median=number, mad=number, z=number,
                                                              direction={'enum': ['up', 'down']})}, **{'from': ts}),
    'CostReport': S(to=ts, group_by={'enum': ['model', 'version', 'endpoint', 'project']}, total=number,
                    days={'type': 'array', 'items': S(day=ts, key=string, cost=number, input_tokens=integer,
                                                      output_tokens=integer, events=integer)},
                    spikes={'type': 'array', 'items': S(day=ts, key=string, cost=number, median=number, z=number)},
                    **{'from': ts}),
    'PriceRequest': {**S(input_per_million=number, output_per_million=number,
                         currency={'type': 'string', 'default': 'USD', 'pattern': '^[A-Z]{3}$'}),
                     'required': ['input_per_million', 'output_per_million']},
    'ModelPrice': S(model=string, input_per_million=number, output_per_million=number, currency=string, updated_at=ts,
                    updated_by=string),
    'BaselineRequest': {**S(dataset=string, dataset_version=integer, to=ts, window_version=integer, endpoint=string,
                            **{'from': ts}),
                        'description': 'Either dataset (and optionally dataset_version, default the latest) or a window '
                                       'from/to of live traffic (optionally of another version, window_version, and of '
                                       'one endpoint). In a dataset, y_pred / y_proba are the prediction, y_true the '
                                       'label and every other column a feature.'},
    'Baseline': S(model=string, version=integer, source={'enum': ['dataset', 'window']}, dataset=string,
                  dataset_version=integer, window_version=integer, endpoint=string, to=ts, rows=integer,
                  skipped={'type': 'array', 'items': string}, created_at=ts, created_by=string, **{'from': ts}),
    'DriftThreshold': S(warn=number, alert=number, direction={'enum': ['score_above', 'p_value_below'],
                        'description': 'set by the method; ignored on input'}),
    'DriftSettings': S(model=string, thresholds={'type': 'object', 'additionalProperties': ref('DriftThreshold')},
                       deciding_methods={'type': 'array', 'items': string, 'default': ['psi']},
                       performance_warn={'type': 'number', 'default': 0.05},
                       performance_alert={'type': 'number', 'default': 0.10},
                       min_samples={'type': 'integer', 'default': 50}),
    'DriftReport': S(model=string, version=integer, endpoint=string, arm=string, baseline=ref('Baseline'), to=ts,
                     baseline_count=integer, current_count=integer, status={'enum': ['ok', 'warn', 'alert', 'unknown']},
                     features={'type': 'array', 'items': S(
                         feature=string, output={'type': 'boolean'}, kind={'enum': ['numeric', 'categorical']},
                         status={'enum': ['ok', 'warn', 'alert', 'unknown']},
                         methods={'type': 'array', 'items': S(method=string, score=number, p_value=number,
                                                              threshold=ref('DriftThreshold'), status=string, error=string)},
                         baseline_count=integer, baseline_missing=integer, current_count=integer,
                         current_missing=integer, note=string,
                         bins={'type': 'array', 'items': S(lower=number, upper=number, value=string, baseline=integer,
                                                           current=integer)})},
                     performance={'type': 'array', 'items': S(metric=string, baseline=number, current=number,
                                                              change=number, status=string)},
                     **{'from': ts}),
    'AlertScope': {**S(model=string, version={'type': ['integer', 'null'], 'minimum': 1,
                                              'description': 'null: the version the production alias points at, else the latest'},
                       endpoint={'type': ['string', 'null']}, arm={'enum': ['stable', 'canary', 'shadow', 'a', 'b', None]}),
                   'required': ['model']},
    'AlertRuleRequest': {**S(name=string, metric={'enum': ['count', 'errors', 'error_rate', 'latency_p50', 'latency_p95',
                                                          'latency_p99', 'latency_mean', 'tokens', 'input_tokens',
                                                          'output_tokens', 'cost', 'labelled', 'accuracy', 'mae', 'rmse',
                                                          'injection_rate', 'pii_rate', 'policy_violation_rate',
                                                          'hallucination_mean', 'infrastructure_cost'],
                                                 'description': 'infrastructure_cost needs a window of whole days'},
                             condition={'enum': ['gt', 'gte', 'lt', 'lte', 'anomaly'], 'description': 'anomaly: window is the series step; fires while the last complete step has a robust |z| above threshold against the 30 steps before it'}, threshold=number,
                             window={'type': 'string', 'description': '300, 30s, 5m, 1h, 1d or PT5M; 1 minute to 31 days'},
                             severity={'enum': ['info', 'warning', 'critical'], 'default': 'warning'}, scope=ref('AlertScope'),
                             renotify={'type': 'string', 'default': '0',
                                       'description': 'notify again after this long while firing; 0: never; else 1 minute to 30 days'},
                             destinations={'type': 'array', 'items': string, 'maxItems': 20}, enabled={'type': 'boolean', 'default': True}),
                         'required': ['name', 'metric', 'condition', 'threshold', 'window', 'scope'],
                         'description': 'Fires while metric over the last window, in scope, satisfies condition threshold. '
                                        'An undefined metric (no traffic in the window) never fires and resolves a firing rule.'},
    'AlertRule': S(id=string, name=string, metric=string, condition=string, threshold=number, window=string,
                   window_seconds=integer, severity=string, scope=ref('AlertScope'), renotify=string, renotify_seconds=integer,
                   destinations={'type': 'array', 'items': string}, enabled={'type': 'boolean'}, created_by=string,
                   created_at=ts, updated_by=string, updated_at=ts),
    'DestinationRequest': {**S(name=string, channel={'type': 'string', 'description': 'an installed channel type: slack, webhook, email, ...'},
                               settings={'type': 'object', 'additionalProperties': string,
                                         'description': 'slack: url. webhook: url, secret (HMAC-SHA256 of the body in '
                                                        'X-AegisML-Signature: sha256=<hex>), header.<Name>. email: host, port, '
                                                        'security (starttls|tls|none), username, password, from, to (comma-separated), '
                                                        'helo, allow_insecure_auth.'}),
                           'required': ['name', 'channel', 'settings'], 'description': 'On PUT the name comes from the path.'},
    'Destination': S(name=string, channel=string, settings={'type': 'object', 'additionalProperties': string,
                                                            'description': 'secret settings show as ********'},
                     created_by=string, created_at=ts, updated_by=string, updated_at=ts),
    'Alert': S(id=string, rule_id=string, rule_name=string, severity=string, state={'enum': ['firing', 'resolved']},
               started_at=ts, resolved_at=ts, last_value={'type': ['number', 'null']}, last_evaluated_at=ts,
               last_notified_at=ts, notifications=integer),
    'Delivery': S(id=string, alert_id={'type': ['string', 'null']}, destination=string, channel=string,
                  kind={'enum': ['firing', 'renotify', 'resolved', 'test']}, at=ts, status={'enum': ['pending', 'ok', 'failed']},
                  error={'type': ['string', 'null']}),
    'Backend': {**S(type={'type': 'string', 'description': 'an installed backend: http-json, openai-chat, ...'}, url=string,
                    timeout={'type': 'string', 'default': '30s'}, retries={'type': 'integer', 'default': 1, 'minimum': 0, 'maximum': 5},
                    options={'type': 'object', 'additionalProperties': string,
                             'description': 'backend specific (model, api_key, header.<Name>); secret ones show as ****'}),
                'required': ['type', 'url']},
    'Target': {**S(version={'type': 'string', 'description': 'models/churn/3 or prompts/greeting/2'}, backend=ref('Backend'),
                   model={'type': ['string', 'null'], 'description': 'for a prompt: the model version its calls are monitored under (default: from the prompt target model)'}),
               'required': ['version', 'backend']},
    'Routing': S(strategy={'enum': ['canary', 'shadow', 'ab', 'blue-green', None]}, candidate_weight=integer, stable_weight=integer,
                 shadow_percent=integer, sticky_key={'type': ['string', 'null']}),
    'DeploymentRequest': {**S(name=string, description=string, project=string, stable=ref('Target'),
                              capture=S(inputs={'type': 'boolean', 'default': False}, outputs={'type': 'boolean', 'default': False},
                                        features={'type': 'boolean', 'default': True})),
                          'required': ['name', 'stable']},
    'Deployment': S(name=string, description=string, project=string, stable=ref('Target'), candidate=ref('Target'),
                    routing=ref('Routing'), capture={'type': 'object'}, rollout={'type': ['string', 'null']},
                    previous=ref('Target'), previous_warm_until=ts, created_by=string, created_at=ts, updated_at=ts,
                    revision=integer),
    'AnalysisRule': {**S(name=string, metric={'type': 'string', 'description': 'error_rate, latency_p50|p95|p99, latency_mean, injection_rate, pii_rate, policy_violation_rate, hallucination_mean, accuracy, mae, rmse, cost_per_request, tokens_per_request, drift, or a registered analysis metric'},
                         bound={'enum': ['max', 'min'], 'default': 'max'}, threshold=number,
                         relative={'type': 'boolean', 'default': False, 'description': 'threshold is a factor of the stable value'},
                         slack={'type': 'number', 'description': 'limit of a relative rule when the stable value is 0'},
                         min_samples={'type': 'integer', 'default': 20}),
                     'required': ['metric', 'threshold']},
    'RolloutRequest': {**S(strategy={'enum': ['canary', 'shadow', 'ab', 'blue-green']}, candidate=ref('Target'),
                           steps={'type': 'array', 'items': S(weight=integer, duration=string, analysis={'type': 'boolean'}),
                                  'description': 'canary: weights increasing to 100; a step with no duration and no analysis pauses for an operator'},
                           analysis={'type': 'array', 'items': ref('AnalysisRule')},
                           interval={'type': 'string', 'default': '60s'}, window={'type': 'string', 'default': '5m'},
                           failure_limit={'type': 'integer', 'default': 0}, inconclusive_limit={'type': 'integer', 'default': 3},
                           require_approval={'type': 'boolean'}, approval_to_promote={'type': 'boolean'},
                           shadow_percent={'type': 'integer', 'default': 100}, weight={'type': 'integer', 'default': 50},
                           sticky_key={'type': 'string', 'description': 'header:<Name> or field:<name> (A/B)'},
                           ab_metric={'type': 'string', 'default': 'error_rate'}, alpha={'type': 'number', 'default': 0.05},
                           rollback_window={'type': 'string', 'default': '10m'}, reason=string),
                       'required': ['strategy', 'candidate']},
    'Measurement': S(rule=string, metric=string, candidate={'type': ['number', 'null']}, stable={'type': ['number', 'null']},
                     candidate_count={'type': ['integer', 'null']}, stable_count={'type': ['integer', 'null']},
                     limit={'type': ['number', 'null']}, verdict={'enum': ['success', 'inconclusive', 'failure']}, reason=string),
    'Rollout': S(id=string, deployment=string, strategy=string,
                 state={'enum': ['pending_approval', 'progressing', 'paused', 'promoted', 'rolled_back', 'aborted']},
                 step=integer, steps=integer, candidate_weight=integer, stable_weight=integer, stable=ref('Target'),
                 candidate=ref('Target'), step_started_at=ts, failures=integer, inconclusives=integer,
                 approval={'type': ['string', 'null']}, reason=string, created_by=string, created_at=ts, updated_at=ts,
                 ended_at=ts, spec={'type': 'object'},
                 analyses={'type': 'array', 'items': S(id=string, step=integer, to=ts, verdict=string,
                                                       measurements={'type': 'array', 'items': ref('Measurement')}, **{'from': ts})},
                 history={'type': 'array', 'items': S(at=ts, type=string, state=string, step=integer, candidate_weight=integer,
                                                      actor=string, reason=string, details={'type': 'object'})},
                 comparison=S(metric=string, a=number, a_count=integer, b=number, b_count=integer, difference=number,
                              test=string, p_value={'type': ['number', 'null']}, alpha=number, significant={'type': 'boolean'}),
                 shadow=S(compared=integer, shadow_failures=integer, equal=integer, mean_similarity=number,
                          stable_latency_p50=number, shadow_latency_p50=number)),
    'Health': S(deployment=string, score={'type': 'integer', 'minimum': 0, 'maximum': 100}, at=ts,
                components={'type': 'array', 'items': S(name=string, value={'type': ['number', 'null']},
                                                        limit={'type': ['number', 'null']},
                                                        score={'type': 'integer', 'description': '-1: no verdict (too little traffic)'},
                                                        detail=string)}),
    'Approval': S(id=string, kind={'enum': ['rollout', 'promotion', 'stage']}, subject=string, deployment=string,
                  state={'enum': ['pending', 'approved', 'rejected', 'cancelled']}, requested_by=string, requested_at=ts,
                  reason=string, requester_may_decide={'type': 'boolean'}, decided_by={'type': ['string', 'null']},
                  decided_at=ts, comment={'type': ['string', 'null']}, evidence={'type': 'object'}),
    'InvokeRequest': {'type': 'object', 'additionalProperties': True, 'description':
        'A model endpoint: any JSON object, passed to the backend as it is (top-level numbers and short strings are the'
        ' event\'s features). An OpenAI-compatible model: {"input": "text"} or {"messages": [...]}. A prompt endpoint:'
        ' {"variables": {...}} or the variables as top-level fields; the rendered prompt is sent as the user message.',
        'properties': {'variables': {'type': 'object', 'additionalProperties': True}, 'input': string,
                       'messages': {'type': 'array', 'items': ref('ChatMessage')}}},
    'ChatMessage': {'type': 'object', 'required': ['role', 'content'], 'properties': {
        'role': {'enum': ['system', 'user', 'assistant', 'tool']}, 'content': string}},
    'ChatRequest': {'type': 'object', 'required': ['messages'], 'additionalProperties': True, 'properties': {
        'model': {'type': 'string', 'description': "Replaced by the backend's model option when it has one"},
        'messages': {'type': 'array', 'minItems': 1, 'items': ref('ChatMessage')},
        'variables': {'type': 'object', 'additionalProperties': True, 'description': 'A prompt endpoint\'s template variables'},
        'stream': {'type': 'boolean', 'enum': [False]}, 'temperature': number, 'max_tokens': integer}},
    'ChatCompletion': {'type': 'object', 'additionalProperties': True, 'properties': {
        'id': string, 'object': string, 'model': string,
        'choices': {'type': 'array', 'items': S(index=integer, message=ref('ChatMessage'), finish_reason=string)},
        'usage': S(prompt_tokens=integer, completion_tokens=integer, total_tokens=integer)}},
    'HostStatus': S(endpoint=string, state=string, ready={'type': 'boolean'}, at=ts,
                    versions={'type': 'array', 'items': S(version=ref('VersionRef'), name=string, weight=integer, desired_replicas=integer,
                                                          ready_replicas=integer, healthy={'type': 'boolean'}, detail=string)},
                    events={'type': 'array', 'items': string}),
    'Extension': S(type=string, name=string, service_id=integer, bundle=string, bundle_version=string, bundle_state=string,
                   plugin={'type': 'string', 'description': 'the plugins directory file it came from; null for built-in bundles'}),
    'Plugin': S(file=string, bundle=string, version=string, state={'enum': ['active', 'refused', 'failed']}, reason=string,
                changed_at=ts),
    'ProviderInfo': S(name=string, title=string, bundle=string, bundle_version=string,
                      capabilities={'type': 'array', 'items': string, 'description': 'model-host:TYPE, cost-source, metrics-source:TYPE, artifact-store:SCHEME'},
                      health=S(status={'enum': ['ok', 'not_configured', 'unreachable']}, detail=string, checked_at=ts, ok={'type': 'boolean'})),
    'LedgerReport': S(**{'from': {'type': 'string', 'format': 'date'}}, to={'type': 'string', 'format': 'date'},
                      group_by={'enum': ['project', 'model', 'version', 'endpoint']}, currency=string, tokens=number,
                      infrastructure=number,
                      rows={'type': 'array', 'items': S(day={'type': 'string', 'format': 'date'}, key=string, tokens=number,
                                                        infrastructure=number, total=number,
                                                        by_source={'type': 'object', 'additionalProperties': number})},
                      spikes={'type': 'array', 'items': S(day={'type': 'string', 'format': 'date'}, key=string, total=number,
                                                          median=number, z=number)},
                      other_currencies={'type': 'object', 'additionalProperties': number}),
    'AutoscalingPolicyRequest': {**S(metric={'enum': ['queue_length', 'latency_p95', 'gpu_utilization']}, target=number,
                                     min_replicas=integer, max_replicas=integer, tolerance=number,
                                     scale_up_cooldown=string, scale_down_cooldown=string, window=string, interval=string,
                                     enabled={'type': 'boolean'}),
                                 'required': ['metric', 'target', 'min_replicas', 'max_replicas']},
    'AutoscalingPolicy': S(deployment=string, metric=string, target=number, min_replicas=integer, max_replicas=integer,
                           tolerance=number, scale_up_cooldown=string, scale_down_cooldown=string, window=string,
                           interval=string, enabled={'type': 'boolean'}),
    'ScalingDecision': S(deployment=string, version=ref('VersionRef'), at=ts, metric=string, value=number, target=number,
                         current=integer, desired=integer, applied={'type': 'boolean'}, reason=string),
    'Problem': {**S(type=string, title=string, status=integer, detail=string, field=string, instance=string),
                'required': ['type', 'title', 'status', 'detail']},
}
doc = {
    'openapi': '3.1.0',
    'info': {'title': 'AegisML REST API', 'version': '1',
             'description': 'Registry of models, prompts and datasets, monitoring of their live traffic, alerting, deployments and rollouts with approvals, live inference through the gateway, the audit log and API keys. '
                            'Every /api/v1 call needs Authorization: Bearer <key>. Errors are application/problem+json.'},
    'servers': [{'url': '/'}],
    'security': [{'bearer': []}],
    'paths': dict(sorted(paths.items())),
    'components': {
        'securitySchemes': {'bearer': {'type': 'http', 'scheme': 'bearer'}},
        'schemas': schemas,
        'responses': {'Problem': {'description': 'An error', 'content': {'application/problem+json': {'schema': ref('Problem')}}}},
    },
}
with open(OUT, 'w') as f:
    json.dump(doc, f, indent=1, sort_keys=False)
    f.write('\n')
print('wrote', os.path.normpath(OUT), len(paths), 'paths')
