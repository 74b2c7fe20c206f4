// The CI summary line is only as honest as these parsers: a failed or
// never-run test must never be counted as passed.
import { describe, expect, it } from 'vitest';
import {
  ciEnvironmentError,
  summarizeCucumberMessages,
  summarizeVitestJson,
  summaryLine,
  sumTallies,
} from '../src/ci-report.js';

const envelope = (value: object) => JSON.stringify(value);

function scenario(caseId: string, startedId: string, statuses: string[]): string[] {
  return [
    envelope({ testCaseStarted: { id: startedId, testCaseId: caseId } }),
    ...statuses.map((status) =>
      envelope({ testStepFinished: { testCaseStartedId: startedId, testStepResult: { status } } }),
    ),
  ];
}

describe('vitest JSON summary', () => {
  it('counts passed, failed and skipped tests', () => {
    const text = JSON.stringify({
      numPassedTests: 7,
      numFailedTests: 2,
      numPendingTests: 1,
      numTodoTests: 1,
    });
    expect(summarizeVitestJson(text)).toEqual({ passed: 7, failed: 2, skipped: 2 });
  });

  it('counts a test file that failed to load as a failure', () => {
    const text = JSON.stringify({ numPassedTests: 3, numFailedTests: 0, numFailedTestSuites: 1 });
    expect(summarizeVitestJson(text).failed).toBe(1);
  });

  it('rejects a report that is not vitest output', () => {
    expect(() => summarizeVitestJson('{"hello":1}')).toThrow(/not a vitest/);
  });
});

describe('cucumber message summary', () => {
  it('counts each scenario once by its worst step', () => {
    const lines = [
      ...scenario('a', 'a1', ['PASSED', 'PASSED']),
      ...scenario('b', 'b1', ['PASSED', 'FAILED', 'SKIPPED']),
      ...scenario('c', 'c1', ['UNDEFINED']),
      ...scenario('d', 'd1', ['SKIPPED']),
    ];
    expect(summarizeCucumberMessages(lines.join('\n'))).toEqual({ passed: 1, failed: 2, skipped: 1 });
  });

  it('uses the last attempt of a retried scenario', () => {
    const lines = [...scenario('a', 'a1', ['FAILED']), ...scenario('a', 'a2', ['PASSED'])];
    expect(summarizeCucumberMessages(lines.join('\n'))).toEqual({ passed: 1, failed: 0, skipped: 0 });
  });
});

describe('closing summary line', () => {
  it('names passed, failed and skipped, summed over every step', () => {
    const total = sumTallies([
      { passed: 5, failed: 0, skipped: 0 },
      { passed: 900, failed: 2, skipped: 3 },
      { passed: 40, failed: 0, skipped: 1 },
    ]);
    expect(summaryLine(total)).toBe('945 passed, 2 failed, 4 skipped');
  });

  it('reads zero skipped rather than leaving the count out', () => {
    expect(summaryLine(sumTallies([]))).toBe('0 passed, 0 failed, 0 skipped');
  });
});

describe('CI environment', () => {
  it('refuses REQUIRE_REAL_LLAMA=0 inherited under CI, naming the variable and the fix', () => {
    const error = ciEnvironmentError({ CI: 'true', REQUIRE_REAL_LLAMA: '0' });
    expect(error).toMatch(/REQUIRE_REAL_LLAMA=0/);
    expect(error).toMatch(/unset REQUIRE_REAL_LLAMA/);
  });

  it('accepts CI with the variable unset or 1, and any value outside CI', () => {
    expect(ciEnvironmentError({ CI: 'true' })).toBeUndefined();
    expect(ciEnvironmentError({ CI: 'true', REQUIRE_REAL_LLAMA: '1' })).toBeUndefined();
    expect(ciEnvironmentError({ REQUIRE_REAL_LLAMA: '0' })).toBeUndefined();
    expect(ciEnvironmentError({ CI: 'false', REQUIRE_REAL_LLAMA: '0' })).toBeUndefined();
  });
});
