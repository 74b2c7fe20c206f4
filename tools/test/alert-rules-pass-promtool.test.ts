// MET-040, MET-032: the Prometheus alert rules under ci/alerts/ pass
// `promtool check rules`, their unit tests pass `promtool test rules` (each
// alert fires on synthetic series in one case and stays silent in another),
// each carries a summary, a description and a runbook naming a llorch
// command, and their expressions read only series of the metrics contract.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadMetricsContract } from '@llama-orch/contracts';
import { promtool, unknownMetrics } from '../src/promql-check.js';

const DIR = fileURLToPath(new URL('../../ci/alerts/', import.meta.url));
const contract = await loadMetricsContract();
const entries = (await readdir(DIR)).sort();
const ruleFiles = entries.filter((f) => f.endsWith('.rules.yml'));
const testFiles = entries.filter((f) => f.endsWith('.test.yml'));

interface Rule {
  alert: string;
  expr: string;
  annotations?: Record<string, string>;
}
interface UnitTests {
  rule_files: string[];
  tests: { name: string; alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
}
const rules: Rule[] = [];
for (const file of ruleFiles) {
  const doc = parse(await readFile(path.join(DIR, file), 'utf8')) as { groups: { rules: Rule[] }[] };
  rules.push(...doc.groups.flatMap((g) => g.rules));
}
const unitTests = await Promise.all(
  testFiles.map(async (f) => parse(await readFile(path.join(DIR, f), 'utf8')) as UnitTests),
);
const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('the alert rules', () => {
  it('cover what an operator must hear about', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual(
      [
        'LlamaOrchEngineVersionDrift',
        'LlamaOrchFirstTokenBeyondSlo',
        'LlamaOrchPoolUnready',
        'LlamaOrchQueueWaitBeyondSlo',
        'LlamaOrchReplicaBreakerOpen',
        'LlamaOrchReplicaRestartLoop',
        'LlamaOrchScrapeFailing',
        'LlamaOrchSustained429s',
        'LlamaOrchTargetMissing',
        'LlamaOrchVramNearFull',
      ].sort(),
    );
  });

  it('pass promtool check rules [MET-040]', () => {
    const result = promtool(['check', 'rules', ...ruleFiles], DIR);
    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.ok).toBe(true);
  });

  it('carry a summary, a description and a runbook that names a llorch command', () => {
    for (const rule of rules) {
      expect(Object.keys(rule.annotations ?? {}).sort(), rule.alert).toEqual([
        'description',
        'runbook',
        'summary',
      ]);
      expect(rule.annotations?.['runbook'], rule.alert).toMatch(/`llorch [a-z]/);
    }
  });

  it('read only series of ci/metrics.lint.json and Prometheus up [MET-040]', () => {
    expect(rules.flatMap((r) => unknownMetrics(r.expr, contract).map((m) => `${r.alert}: ${m}`))).toEqual([]);
  });
});

describe('the alert unit tests', () => {
  it('pass promtool test rules [MET-040]', () => {
    const result = promtool(['test', 'rules', ...testFiles], DIR);
    expect(result.output).not.toContain('FAILED');
    expect(result.ok).toBe(true);
  });

  it('have, for every alert, a case where it fires and one where it must stay silent', () => {
    const cases = unitTests.flatMap((u) => u.tests.flatMap((t) => t.alert_rule_test));
    for (const rule of rules) {
      const mine = cases.filter((c) => c.alertname === rule.alert);
      expect(
        mine.some((c) => c.exp_alerts.length > 0),
        `${rule.alert} fires`,
      ).toBe(true);
      expect(
        mine.some((c) => c.exp_alerts.length === 0),
        `${rule.alert} stays silent`,
      ).toBe(true);
    }
  });

  it('fail when a case expects an alert the series do not raise', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'llorch-alerts-'));
    scratch.push(dir);
    for (const file of ruleFiles) await cp(path.join(DIR, file), path.join(dir, file));
    const planted = {
      rule_files: ruleFiles,
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [{ series: 'up{job="llama-orch",instance="127.0.0.1:8080"}', values: '1x5' }],
          alert_rule_test: [
            {
              eval_time: '3m',
              alertname: 'LlamaOrchScrapeFailing',
              exp_alerts: [
                { exp_labels: { severity: 'critical', job: 'llama-orch', instance: '127.0.0.1:8080' } },
              ],
            },
          ],
        },
      ],
    };
    await writeFile(path.join(dir, 'planted.test.yml'), stringify(planted));
    const result = promtool(['test', 'rules', 'planted.test.yml'], dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('FAILED');
  });
});
