// lintMetricsExposition against hand-written expositions: one that honours
// ci/metrics.lint.json, and targeted breakages of it, each of which must fail.
import { describe, expect, it } from 'vitest';
import { loadMetricsContract, lintMetricsExposition, parsePrometheusText } from '@llama-orch/contracts';

const contract = await loadMetricsContract();

const R = 'engine="llamacpp",engine_version="b4567-de3ff81",pool_id="pool-3090",replica_id="r0"';
const P = 'engine="llamacpp",engine_version="b4567-de3ff81",pool_id="pool-3090"';

const histogram = (name: string, help: string, les: number[], counts: number[], sum: number) =>
  [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} histogram`,
    ...les.map((le, i) => `${name}_bucket{le="${le}",${P},priority="interactive"} ${counts[i]}`),
    `${name}_bucket{le="+Inf",${P},priority="interactive"} ${counts.at(-1)}`,
    `${name}_sum{${P},priority="interactive"} ${sum}`,
    `${name}_count{${P},priority="interactive"} ${counts.at(-1)}`,
  ].join('\n');

const GOOD = [
  '# HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.',
  '# TYPE process_cpu_user_seconds_total counter',
  'process_cpu_user_seconds_total 0.52',
  '# HELP nodejs_eventloop_lag_seconds Lag of event loop in seconds.',
  '# TYPE nodejs_eventloop_lag_seconds gauge',
  'nodejs_eventloop_lag_seconds 0.0012',
  '# HELP tasks_enqueued_total Tasks admitted into a pool queue.',
  '# TYPE tasks_enqueued_total counter',
  `tasks_enqueued_total{${R},priority="interactive"} 7`,
  `tasks_enqueued_total{${R},priority="batch"} 2`,
  '# HELP tasks_started_total Tasks an engine replica accepted and began decoding.',
  '# TYPE tasks_started_total counter',
  `tasks_started_total{${R},priority="interactive"} 6`,
  '# HELP tasks_canceled_total Tasks that ended by cancellation, by reason.',
  '# TYPE tasks_canceled_total counter',
  `tasks_canceled_total{${R},priority="interactive",reason="client"} 1`,
  '# HELP tasks_rejected_total Task submissions refused before enqueue, by error code.',
  '# TYPE tasks_rejected_total counter',
  'tasks_rejected_total{engine="llamacpp",reason="ADMISSION_REJECT"} 3',
  'tasks_rejected_total{engine="none",reason="INVALID_PARAMS"} 1',
  '# HELP queue_depth Tasks currently waiting in a pool queue.',
  '# TYPE queue_depth gauge',
  `queue_depth{${P},priority="interactive"} 0`,
  `queue_depth{${P},priority="batch"} 1`,
  '# HELP tokens_in_total Prompt tokens sent to engine replicas.',
  '# TYPE tokens_in_total counter',
  `tokens_in_total{${R}} 412`,
  '# HELP tokens_out_total Tokens streamed back to clients.',
  '# TYPE tokens_out_total counter',
  `tokens_out_total{${R}} 96`,
  '# HELP gpu_utilization GPU compute utilisation as a ratio from 0 to 1, per device.',
  '# TYPE gpu_utilization gauge',
  `gpu_utilization{${R},device="GPU-8932f937"} 0.41`,
  '# HELP vram_used_bytes GPU memory in use in bytes, per device.',
  '# TYPE vram_used_bytes gauge',
  `vram_used_bytes{${R},device="GPU-8932f937"} 9663676416`,
  '# HELP kv_cache_usage_ratio Engine KV cache usage as a ratio from 0 to 1.',
  '# TYPE kv_cache_usage_ratio gauge',
  `kv_cache_usage_ratio{${R}} 0.125`,
  histogram(
    'latency_first_token_ms',
    'Milliseconds from task admission to its first token frame.',
    [25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000],
    [0, 1, 3, 5, 6, 6, 6, 6, 6, 6, 6],
    1234.5,
  ),
  histogram(
    'latency_decode_ms',
    'Milliseconds from the first token frame to the terminal frame.',
    [100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000],
    [0, 0, 2, 4, 5, 5, 5, 5, 5, 5, 5],
    4100,
  ),
  '# HELP admission_backpressure_events_total Backpressure events: 429 rejections and drop-lru evictions.',
  '# TYPE admission_backpressure_events_total counter',
  'admission_backpressure_events_total{engine="llamacpp",policy="reject"} 3',
  '# HELP catalog_verifications_total Catalog model verifications, by result and reason.',
  '# TYPE catalog_verifications_total counter',
  'catalog_verifications_total{result="warn",reason="missing_signature"} 1',
  '# HELP model_state Catalog lifecycle state per model: 1 for the current state, 0 for the others.',
  '# TYPE model_state gauge',
  ...['Draft', 'Canary', 'Active', 'Deprecated', 'Retired'].map(
    (s) => `model_state{model_id="qwen2.5-coder-7b-q4",state="${s}"} ${s === 'Active' ? 1 : 0}`,
  ),
  '# HELP pool_cpu_fallback 1 while the pool serves on the explicitly allowed CPU development fallback, 0 otherwise.',
  '# TYPE pool_cpu_fallback gauge',
  'pool_cpu_fallback{pool_id="pool-3090"} 0',
  '# HELP model_loads_total Loads of an on-demand model (a models entry) that finished, by outcome.',
  '# TYPE model_loads_total counter',
  'model_loads_total{pool_id="coder-7b-long",outcome="loaded"} 2',
  "# HELP model_evictions_total On-demand models unloaded: make-room (evicted for another model's memory) or idle (idle_unload_ms passed).",
  '# TYPE model_evictions_total counter',
  'model_evictions_total{pool_id="coder-7b-long",reason="make-room"} 1',
  '# HELP model_load_ms Milliseconds from asking for a load of an on-demand model to its replica being Ready.',
  '# TYPE model_load_ms histogram',
  ...[250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000, '+Inf'].map(
    (le) => `model_load_ms_bucket{le="${le}",pool_id="coder-7b-long"} ${Number(le) < 2500 ? 0 : 2}`,
  ),
  'model_load_ms_sum{pool_id="coder-7b-long"} 7000',
  'model_load_ms_count{pool_id="coder-7b-long"} 2',
  '# HELP model_resident 1 while an on-demand model has a Ready replica, 0 while it is unloaded or loading.',
  '# TYPE model_resident gauge',
  'model_resident{pool_id="coder-7b-long"} 1',
  '# HELP transcripts_retained Finished task transcripts held in memory for late readers and Last-Event-ID resumes.',
  '# TYPE transcripts_retained gauge',
  'transcripts_retained 12',
  '# HELP tasks_running Tasks an engine replica accepted and is decoding now.',
  '# TYPE tasks_running gauge',
  `tasks_running{${R},priority="interactive"} 1`,
  '# HELP replica_state Replica lifecycle state as pool-managerd reports it: 1 for the current state, 0 for the others.',
  '# TYPE replica_state gauge',
  ...[
    'Stopped',
    'Preflight',
    'Starting',
    'Loading',
    'Ready',
    'Draining',
    'Failed',
    'Backoff',
    'CircuitOpen',
  ].map((s) => `replica_state{${R},replica_state="${s}"} ${s === 'Ready' ? 1 : 0}`),
  '# HELP replica_restarts_total Engine restarts of a replica after a crash, a wedge or a failed start, as pool-managerd counts them.',
  '# TYPE replica_restarts_total counter',
  'replica_restarts_total{pool_id="pool-3090",replica_id="r0"} 2',
  '# HELP vram_total_bytes GPU memory size in bytes, per device.',
  '# TYPE vram_total_bytes gauge',
  `vram_total_bytes{${R},device="GPU-8932f937"} 25769803776`,
  '# HELP client_tasks_total Tasks of an agent client by stage: admitted, and how each ended (completed, failed, canceled).',
  '# TYPE client_tasks_total counter',
  'client_tasks_total{client="aider",task_outcome="completed"} 4',
  '# HELP client_refusals_total Requests of an agent client refused by one of its own limits, by limit.',
  '# TYPE client_refusals_total counter',
  'client_refusals_total{client="aider",limit="tokens_per_minute"} 1',
  "# HELP client_tokens_total Prompt (in) and generated (out) tokens of an agent client's tasks that held an engine slot.",
  '# TYPE client_tokens_total counter',
  'client_tokens_total{client="aider",direction="in"} 812',
  "# HELP client_gpu_seconds_total Seconds an agent client's tasks held an engine slot.",
  '# TYPE client_gpu_seconds_total counter',
  'client_gpu_seconds_total{client="owner"} 12.5',
  '# HELP client_tasks_queued Tasks of an agent client waiting in a queue.',
  '# TYPE client_tasks_queued gauge',
  'client_tasks_queued{client="aider"} 2',
  '# HELP client_tasks_running Tasks of an agent client holding an engine slot (dispatched or decoding).',
  '# TYPE client_tasks_running gauge',
  'client_tasks_running{client="aider"} 1',
  '',
].join('\n');

const lint = (text: string) => lintMetricsExposition(text, contract);
const expectProblem = (text: string, fragment: string) => {
  const result = lint(text);
  expect(result.ok).toBe(false);
  expect(result.problems.join('\n')).toContain(fragment);
};

describe('a conforming exposition', () => {
  it('passes, default process_/nodejs_ metrics included [MET-002] [MET-009]', () => {
    expect(lint(GOOD)).toEqual({ ok: true, problems: [] });
  });

  it('passes when a labelled family has no samples yet, only HELP and TYPE [MET-002]', () => {
    const text = GOOD.split('\n')
      .filter((l) => !l.startsWith('tasks_canceled_total{'))
      .join('\n');
    expect(lint(text)).toEqual({ ok: true, problems: [] });
  });
});

describe('a non-conforming exposition fails', () => {
  it('when a contract metric is missing [MET-002]', () => {
    const text = GOOD.split('\n')
      .filter((l) => !/^(# (HELP|TYPE) )?kv_cache_usage_ratio\b/.test(l))
      .join('\n');
    expectProblem(text, 'kv_cache_usage_ratio: missing from the exposition');
  });

  it('when a metric has the wrong TYPE [MET-002]', () => {
    expectProblem(
      GOOD.replace('# TYPE queue_depth gauge', '# TYPE queue_depth counter'),
      'exposed as counter',
    );
  });

  it('when HELP differs from the contract [MET-002]', () => {
    expectProblem(
      GOOD.replace('Tasks admitted into a pool queue.', 'Enqueued.'),
      'tasks_enqueued_total: HELP',
    );
  });

  it('when a series lacks a required label or carries an extra one [MET-003]', () => {
    expectProblem(
      GOOD.replace(`tokens_out_total{${R}}`, `tokens_out_total{${P}}`),
      'lack label(s) replica_id',
    );
    expectProblem(
      GOOD.replace(`tokens_in_total{${R}}`, `tokens_in_total{${R},slot="0"}`),
      'carry label(s) slot that the contract does not list',
    );
  });

  it('when a forbidden high-cardinality label appears, even on a default metric [MET-006]', () => {
    expectProblem(
      GOOD.replace(`tokens_in_total{${R}}`, `tokens_in_total{${R},session_id="5f1c"}`),
      'label session_id is forbidden',
    );
    expectProblem(
      GOOD.replace('process_cpu_user_seconds_total 0.52', 'process_cpu_user_seconds_total{task_id="a"} 0.52'),
      'process_cpu_user_seconds_total: label task_id is forbidden',
    );
  });

  it('when an unknown llama-orch metric is exposed [MET-009]', () => {
    expectProblem(
      `${GOOD}# HELP slots_free Free slots.\n# TYPE slots_free gauge\nslots_free{pool_id="p"} 1\n`,
      'slots_free: not in ci/metrics.lint.json',
    );
  });

  it('when a metric exceeds its series budget [MET-007]', () => {
    const extra = Array.from(
      { length: 40 },
      (_, i) => `tokens_out_total{engine="llamacpp",engine_version="v",pool_id="p",replica_id="r${i}"} 1`,
    );
    expectProblem(`${GOOD}${extra.join('\n')}\n`, 'tokens_out_total: 41 series exceed the budget of 32');
  });

  it('when an enumerated label has a value outside its set, or is empty [MET-004] [MET-005]', () => {
    expectProblem(
      GOOD.replace('priority="batch"} 1', 'priority="high"} 1'),
      'label priority="high" is not one of',
    );
    expectProblem(GOOD.replace('engine="none"', 'engine=""'), 'label engine is empty; use "none"');
  });

  it('when histogram buckets differ from the contract [MET-008]', () => {
    expectProblem(
      GOOD.replace(/latency_decode_ms_bucket\{le="300000",[^\n]*\n/, ''),
      "differ from the contract's",
    );
  });

  it('when histogram buckets are not cumulative or +Inf differs from _count [MET-008]', () => {
    expectProblem(
      GOOD.replace(/(latency_first_token_ms_bucket\{le="100",[^}]*\}) 3/, '$1 0'),
      'bucket counts are not cumulative',
    );
    expectProblem(
      GOOD.replace(/(latency_first_token_ms_count\{[^}]*\}) 6/, '$1 7'),
      'the +Inf bucket must equal _count',
    );
  });

  it('when a histogram child lacks _sum [MET-008]', () => {
    expectProblem(GOOD.replace(/latency_decode_ms_sum[^\n]*\n/, ''), 'missing _sum or _count');
  });

  it('when lines are malformed, series repeat or TYPE repeats [MET-010]', () => {
    expectProblem(`${GOOD}tokens_in_total{engine="llamacpp" 3\n`, 'expected , or } after label engine');
    expectProblem(`${GOOD}queue_depth{${P},priority="batch"} 2\n`, 'queue_depth: duplicate series');
    expectProblem(`${GOOD}# TYPE model_state gauge\n`, 'model_state: more than one TYPE line');
    expectProblem(`${GOOD}tokens_in_total{${R}} twelve\n`, 'cannot read value');
  });
});

describe('the exposition parser', () => {
  it('reads escaped label values, special values and timestamps [MET-010]', () => {
    const { families, problems } = parsePrometheusText(
      [
        '# HELP demo_seconds A \\\\ help\\nline.',
        '# TYPE demo_seconds gauge',
        'demo_seconds{path="C:\\\\tmp",quote="say \\"hi\\"",nl="a\\nb",} +Inf 1700000000000',
        'demo_seconds{path="x"} NaN',
        'demo_seconds{path="y"} -1.5e3',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    const f = families.get('demo_seconds');
    expect(f?.help).toBe('A \\ help\nline.');
    expect(f?.samples.map((s) => s.labels)).toEqual([
      { path: 'C:\\tmp', quote: 'say "hi"', nl: 'a\nb' },
      { path: 'x' },
      { path: 'y' },
    ]);
    expect(f?.samples.map((s) => s.value)).toEqual([Infinity, NaN, -1500]);
  });

  it('files _bucket/_sum/_count samples under their histogram family [MET-008]', () => {
    const { families } = parsePrometheusText(GOOD);
    const h = families.get('latency_decode_ms');
    expect(h?.samples).toHaveLength(14);
    expect(families.has('latency_decode_ms_bucket')).toBe(false);
  });
});
