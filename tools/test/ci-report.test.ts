// The CI summary line is only as honest as these parsers: a failed or
// never-run test must never be counted as passed.
import { describe, expect, it } from 'vitest';
import {
  ciEnvironmentError,
  summarizeCucumberMessages,
  failedVitestTests,
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

describe('vitest failures named in the summary', () => {
  const root = '/repo';
  const report = (testResults: object[]) =>
    JSON.stringify({ numPassedTests: 1, numFailedTests: 1, testResults });

  it('names each failed test by file and full name with the first line of its error', () => {
    const text = report([
      {
        name: '/repo/packages/a/test/x.test.ts',
        status: 'failed',
        message: '',
        assertionResults: [
          { fullName: 'x passes', status: 'passed', failureMessages: [] },
          {
            fullName: 'x loads a model',
            status: 'failed',
            failureMessages: ['AssertionError: expected 2 to be 1\n    at stack line'],
          },
        ],
      },
    ]);
    expect(failedVitestTests(text, root)).toEqual([
      'packages/a/test/x.test.ts > x loads a model: AssertionError: expected 2 to be 1',
    ]);
  });

  it('names a file that failed to load, and cuts long messages', () => {
    const text = report([
      {
        name: '/repo/packages/b/test/y.test.ts',
        status: 'failed',
        message: `Error: ${'z'.repeat(1000)}`,
        assertionResults: [],
      },
    ]);
    const [line] = failedVitestTests(text, root);
    expect(line).toMatch(/^packages\/b\/test\/y\.test\.ts: Error: z+…$/);
    expect(line!.length).toBeLessThanOrEqual(600);
  });

  it('names nothing when every test passed', () => {
    const text = report([
      {
        name: '/repo/c.test.ts',
        status: 'passed',
        message: '',
        assertionResults: [{ fullName: 'c', status: 'passed', failureMessages: [] }],
      },
    ]);
    expect(failedVitestTests(text, root)).toEqual([]);
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
