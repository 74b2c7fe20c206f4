// The OpenAPI documents say what MISSION "Public API" promises: every endpoint,
// the one error taxonomy, the auth and correlation-id rules, backpressure
// headers and every SSE event. Checks read the YAML itself (following $refs into
// common.yaml), so they hold for any consumer, not just the generated types.
import { describe, expect, it } from 'vitest';
import { API_VERSION, ERROR_CODES } from '@llama-orch/contracts';
import {
  deref,
  find,
  get,
  load,
  operations,
  response,
  schemaOf,
  type Node,
} from './support/openapi-documents.js';

/** The native documents, whose failures all use the one ErrorEnvelope. */
const NATIVE = ['data.yaml', 'control.yaml', 'pool.yaml'] as const;
/** Every root document; compat.yaml answers in the OpenAI and Anthropic error shapes instead. */
const ROOTS = [...NATIVE, 'compat.yaml'] as const;
const all = ROOTS.flatMap(operations);

describe('OpenAPI documents', () => {
  it.each(NATIVE)('%s: ErrorEnvelope.code enumerates exactly ERROR_CODES [OC-011] [OC-012]', (file) => {
    const envelope = schemaOf(file, 'ErrorEnvelope');
    const code = get(envelope.file, envelope.node, 'properties', 'code');
    expect(code.node.enum).toEqual([...ERROR_CODES]);
    expect(envelope.node.required).toEqual(['code', 'message']);
    expect(Object.keys(envelope.node.properties as Node).sort()).toEqual(
      ['code', 'engine', 'message', 'policy_label', 'pool_id', 'retriable', 'retry_after_ms'].sort(),
    );
  });

  it.each(ROOTS)('%s: info.version equals API_VERSION [OC-017]', (file) => {
    expect((load(file).info as Node).version).toBe(API_VERSION);
  });

  it('the capabilities example reports api_version = info.version [OC-017]', () => {
    const capabilities = schemaOf('control.yaml', 'Capabilities');
    expect((capabilities.node.example as Node).api_version).toBe(API_VERSION);
  });

  // Every endpoint MISSION names (public API), then the pool-managerd API orchestratord relies on.
  const publicApi: [string, string, string][] = [
    ['data.yaml', 'post', '/v1/tasks'],
    ['data.yaml', 'get', '/v1/tasks/{id}/stream'],
    ['data.yaml', 'post', '/v1/tasks/{id}/cancel'],
    ['data.yaml', 'get', '/v1/sessions/{id}'],
    ['data.yaml', 'delete', '/v1/sessions/{id}'],
    ['control.yaml', 'post', '/v1/catalog/models'],
    ['control.yaml', 'get', '/v1/catalog/models/{id}'],
    ['control.yaml', 'post', '/v1/catalog/models/{id}/verify'],
    ['control.yaml', 'post', '/v1/catalog/models/{id}/state'],
    ['control.yaml', 'post', '/v1/pools/{id}/drain'],
    ['control.yaml', 'post', '/v1/pools/{id}/reload'],
    ['control.yaml', 'get', '/v1/pools/{id}/health'],
    ['control.yaml', 'get', '/v1/capabilities'],
    ['control.yaml', 'get', '/v1/replicasets'],
    ['control.yaml', 'post', '/v1/artifacts'],
    ['control.yaml', 'get', '/v1/artifacts/{id}'],
    ['control.yaml', 'get', '/livez'],
    ['control.yaml', 'get', '/readyz'],
    ['control.yaml', 'get', '/metrics'],
  ];
  const internalApi: [string, string, string][] = [
    ['pool.yaml', 'get', '/v1/replicas'],
    ['pool.yaml', 'get', '/v1/pools'],
    ['pool.yaml', 'get', '/v1/pools/{id}'],
    ['pool.yaml', 'get', '/v1/gpus'],
    ['pool.yaml', 'post', '/v1/pools/{id}/drain'],
    ['pool.yaml', 'post', '/v1/pools/{id}/reload'],
    ['pool.yaml', 'get', '/v1/pools/{id}/health'],
    ['pool.yaml', 'get', '/v1/events'],
    ['pool.yaml', 'get', '/livez'],
    ['pool.yaml', 'get', '/readyz'],
  ];
  it.each(publicApi)('%s declares %s %s [OC-016]', (file, method, p) => {
    expect(() => find(file, method, p)).not.toThrow();
  });
  it.each(internalApi)('%s declares %s %s [POOL-024]', (file, method, p) => {
    expect(() => find(file, method, p)).not.toThrow();
  });

  it('documents the success status MISSION gives each data and control endpoint [OC-016]', () => {
    expect(Object.keys(find('data.yaml', 'post', '/v1/tasks').op.responses as Node)).toContain('202');
    expect(Object.keys(find('data.yaml', 'post', '/v1/tasks').op.responses as Node)).toContain('200');
    expect(Object.keys(find('data.yaml', 'post', '/v1/tasks/{id}/cancel').op.responses as Node)).toContain(
      '204',
    );
    expect(Object.keys(find('data.yaml', 'delete', '/v1/sessions/{id}').op.responses as Node)).toContain(
      '204',
    );
    expect(Object.keys(find('control.yaml', 'post', '/v1/artifacts').op.responses as Node)).toEqual(
      expect.arrayContaining(['201', '413']),
    );
    const metrics = response(find('control.yaml', 'get', '/metrics'), '200');
    expect(Object.keys(metrics.node.content as Node)).toEqual(['text/plain']);
  });

  /** The only operations served without a token: the status page's static files (ORCHD-081). */
  const OPEN_OPERATIONS = new Set(['get /ui', 'get /ui/{asset}']);

  it.each(ROOTS)(
    '%s: both bearer and X-API-Key are accepted, and 401/403 are documented [OC-005] [POOL-025]',
    (file) => {
      const doc = load(file);
      expect(doc.security).toEqual([{ bearerAuth: [] }, { apiKeyAuth: [] }]);
      const schemes = (doc.components as Node).securitySchemes as Node;
      expect(deref(file, schemes.bearerAuth).node).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(deref(file, schemes.apiKeyAuth).node).toMatchObject({
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
      });
      for (const o of operations(file)) {
        if (OPEN_OPERATIONS.has(`${o.method} ${o.path}`)) {
          // The status page's static shell: no token, so no 401/403 (ORCHD-081).
          expect(o.op.security, `${o.method} ${o.path}`).toEqual([]);
          continue;
        }
        expect(o.op.security, `${o.method} ${o.path} must not opt out of auth`).toBeUndefined();
        expect(Object.keys(o.op.responses as Node), `${o.method} ${o.path}`).toEqual(
          expect.arrayContaining(['401', '403']),
        );
      }
    },
  );

  it('every non-204 response carries X-Correlation-Id, 204s carry no headers, and requests may send it [OC-009]', () => {
    for (const o of all) {
      const params = ((o.op.parameters as unknown[]) ?? []).map((p) => deref(o.file, p).node);
      expect(params, `${o.file} ${o.method} ${o.path}`).toContainEqual(
        expect.objectContaining({ name: 'X-Correlation-Id', in: 'header' }),
      );
      for (const status of Object.keys(o.op.responses as Node)) {
        const headers = (response(o, status).node.headers ?? {}) as Node;
        const where = `${o.file} ${o.method} ${o.path} ${status}`;
        if (status === '204') expect(headers, where).toEqual({});
        else expect(Object.keys(headers), where).toContain('X-Correlation-Id');
      }
    }
  });

  it('a 429 declares Retry-After and X-Backoff-Ms and a body with the retry fields [ORCHD-007]', () => {
    const tooMany = response(find('data.yaml', 'post', '/v1/tasks'), '429');
    const headers = tooMany.node.headers as Node;
    expect(deref(tooMany.file, headers['Retry-After']).node).toMatchObject({ required: true });
    expect(deref(tooMany.file, headers['X-Backoff-Ms']).node).toMatchObject({ required: true });
    const body = get(tooMany.file, tooMany.node, 'content', 'application/json', 'schema');
    const parts = (body.node.allOf as unknown[]).map((p) => deref(body.file, p).node);
    const required = parts.flatMap((p) => (p.required as string[] | undefined) ?? []);
    expect(new Set(required)).toEqual(
      new Set(['code', 'message', 'policy_label', 'retriable', 'retry_after_ms']),
    );
  });

  it('POST /v1/tasks documents guardrail 400s, the 409 resubmission conflict and 503 pool errors [OC-016]', () => {
    const submit = find('data.yaml', 'post', '/v1/tasks');
    expect(Object.keys(submit.op.responses as Node)).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '409', '429', '503']),
    );
    const unavailable = response(submit, '503').node.content as Node;
    const codes = Object.values((unavailable['application/json'] as Node).examples as Node).map(
      (e) => ((e as Node).value as Node).code,
    );
    expect(codes.sort()).toEqual(['POOL_UNAVAILABLE', 'POOL_UNREADY']);
    const request = schemaOf('data.yaml', 'TaskRequest').node;
    expect(request.additionalProperties).toBe(false);
    expect(Object.keys(request.properties as Node).sort()).toEqual(
      [
        'task_id',
        'session_id',
        'workload',
        'model_ref',
        'engine',
        'ctx',
        'priority',
        'seed',
        'determinism',
        'sampler_profile_version',
        'prompt',
        'messages',
        'tools',
        'tool_choice',
        'response_format',
        'stop',
        'suffix',
        'temperature',
        'top_p',
        'inputs',
        'max_tokens',
        'deadline_ms',
        'expected_tokens',
        'kv_hint',
      ].sort(),
    );
  });
});

describe('task stream (text/event-stream)', () => {
  const stream = () => find('data.yaml', 'get', '/v1/tasks/{id}/stream');
  const frames: [string, string, string[], string][] = [
    ['started', 'SseStarted', ['queue_position', 'predicted_start_ms'], 'ORCHD-011'],
    ['token', 'SseToken', ['t', 'i'], 'ORCHD-012'],
    ['tool_call', 'SseToolCall', ['index', 'arguments'], 'ORCHD-012'],
    ['metrics', 'SseMetrics', [], 'ORCHD-013'],
    ['end', 'SseEnd', ['tokens_out', 'decode_ms'], 'ORCHD-014'],
    ['error', 'ErrorEnvelope', ['code', 'message'], 'ORCHD-014'],
  ];

  it('the 200 body is the SseEvent union, told apart by `event` [OC-016]', () => {
    const ok = response(stream(), '200');
    const schema = get(ok.file, ok.node, 'content', 'text/event-stream', 'schema');
    expect(schema.node).toBe(schemaOf('data.yaml', 'SseEvent').node);
    expect((schema.node.discriminator as Node).propertyName).toBe('event');
    const mapped = Object.keys((schema.node.discriminator as Node).mapping as Node);
    expect(mapped.sort()).toEqual(frames.map(([event]) => event).sort());
    expect((schema.node.oneOf as unknown[]).length).toBe(frames.length);
  });

  it.each(frames)('documents the `%s` frame with %s data [%s]', (event, dataSchema, requiredKeys) => {
    const union = schemaOf('data.yaml', 'SseEvent');
    const mapping = (union.node.discriminator as Node).mapping as Node;
    const frame = deref(union.file, { $ref: mapping[event] });
    expect(frame.node.required).toEqual(['event', 'id', 'data']);
    expect(get(frame.file, frame.node, 'properties', 'id').node.pattern).toBe('^[0-9]+$');
    expect(get(frame.file, frame.node, 'properties', 'event').node.const).toBe(event);
    const data = get(frame.file, frame.node, 'properties', 'data');
    expect(data.node).toBe(schemaOf('data.yaml', dataSchema).node);
    expect(data.node.required ?? []).toEqual(requiredKeys);
    const examples = (response(stream(), '200').node.content as Node)['text/event-stream'] as Node;
    const shown = Object.values(examples.examples as Node).map((e) => ((e as Node).value as Node).event);
    expect(shown).toContain(event);
  });

  it('metrics frames are additive and carry queue, warmth, migration and budget figures [ORCHD-013] [ORCHD-030]', () => {
    const metrics = schemaOf('data.yaml', 'SseMetrics').node;
    expect(metrics.additionalProperties).toBe(true);
    expect(Object.keys(metrics.properties as Node).sort()).toEqual(
      [
        'phase',
        'predicted_start_ms',
        'queue_depth',
        'queue_position',
        'tokens_out',
        'on_time_probability',
        'kv_warmth',
        'kv_migrated',
        'tokens_budget_remaining',
        'time_budget_remaining_ms',
        'cost_budget_remaining',
      ].sort(),
    );
  });

  it('end frames say why generation stopped and carry the engine token counts [ORCHD-014]', () => {
    const end = schemaOf('data.yaml', 'SseEnd');
    expect(get(end.file, end.node, 'properties', 'stop_reason').node.enum).toEqual([
      'eos',
      'limit',
      'stop_word',
      'tool_calls',
    ]);
    expect(Object.keys(end.node.properties as Node)).toEqual(
      expect.arrayContaining(['tokens_in', 'completion_tokens', 'canceled']),
    );
  });

  it('a canceled end frame says who canceled, with the reasons the daemon uses [ORCHD-025]', () => {
    const end = schemaOf('data.yaml', 'SseEnd');
    expect(get(end.file, end.node, 'properties', 'canceled').node.const).toBe(true);
    expect(get(end.file, end.node, 'properties', 'reason').node.enum).toEqual([
      'client',
      'drain',
      'shutdown',
      'abandoned',
    ]);
  });

  it('POST /v1/tasks with Accept: text/event-stream answers 200 with the same frame union and the task id [ORCHD-071]', () => {
    const ok = response(find('data.yaml', 'post', '/v1/tasks'), '200');
    const schema = get(ok.file, ok.node, 'content', 'text/event-stream', 'schema');
    expect(schema.node).toBe(schemaOf('data.yaml', 'SseEvent').node);
    expect(Object.keys(ok.node.headers as Node).sort()).toEqual(['X-Correlation-Id', 'X-Llorch-Task-Id']);
    const taskId = deref(ok.file, (ok.node.headers as Node)['X-Llorch-Task-Id']).node;
    expect(taskId).toMatchObject({ required: true, schema: { format: 'uuid' } });
  });

  it('task request examples name real sampler profiles and include a chat turn [OC-016]', () => {
    const submit = find('data.yaml', 'post', '/v1/tasks');
    const body = get(submit.file, submit.op, 'requestBody', 'content', 'application/json');
    const examples = Object.values(body.node.examples as Node).map((e) => (e as Node).value as Node);
    for (const example of examples) {
      if (example.sampler_profile_version !== undefined) {
        expect(['det-v1', 'default-v1']).toContain(example.sampler_profile_version);
      }
    }
    expect(examples.map((e) => e.workload)).toContain('chat');
    expect(schemaOf('data.yaml', 'Workload').node.enum).toEqual([
      'completion',
      'chat',
      'embedding',
      'rerank',
    ]);
  });

  it('accepts Last-Event-ID and sends correlation and budget headers once per stream [ORCHD-016, ORCHD-019]', () => {
    const o = stream();
    const params = (o.op.parameters as unknown[]).map((p) => deref(o.file, p).node);
    expect(params).toContainEqual(
      expect.objectContaining({ name: 'Last-Event-ID', in: 'header', required: false }),
    );
    expect(Object.keys(response(o, '200').node.headers as Node).sort()).toEqual([
      'X-Budget-Cost-Remaining',
      'X-Budget-Time-Remaining-Ms',
      'X-Budget-Tokens-Remaining',
      'X-Correlation-Id',
    ]);
  });

  it('sessions report TTL, turns, KV state and, with budgets on, every remaining budget [ORCHD-027]', () => {
    const session = schemaOf('data.yaml', 'SessionInfo').node;
    expect(session.required).toEqual(['session_id', 'ttl_ms_remaining', 'turns', 'kv_bytes', 'kv_warmth']);
    expect(Object.keys(session.properties as Node)).toEqual(
      expect.arrayContaining([
        'tokens_budget_remaining',
        'time_budget_remaining_ms',
        'cost_budget_remaining',
      ]),
    );
  });
});
