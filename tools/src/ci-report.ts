// Parsers for the machine-readable reports of our test runners, so the CI
// summary counts real test results rather than exit codes; the closing line
// `N passed, N failed, N skipped` (.ci/run greps for exactly this shape); and
// the CI environment check (OC-027: in CI the real-engine runs must not be
// switched off by an inherited variable).

export interface SuiteTally {
  passed: number;
  failed: number;
  skipped: number;
}

/** vitest `--reporter=json` output (jest-compatible shape). */
export function summarizeVitestJson(text: string): SuiteTally {
  const report = JSON.parse(text) as {
    numPassedTests?: number;
    numFailedTests?: number;
    numPendingTests?: number;
    numTodoTests?: number;
    numFailedTestSuites?: number;
  };
  if (typeof report.numPassedTests !== 'number' || typeof report.numFailedTests !== 'number') {
    throw new Error('not a vitest JSON report');
  }
  return {
    passed: report.numPassedTests,
    // A test file that fails to load has no failed test but is a failure.
    failed: report.numFailedTests + (report.numFailedTests === 0 ? (report.numFailedTestSuites ?? 0) : 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** Long enough for an error that quotes a status and a JSON body; the kept tail of a CI log is short, so still cut. */
const MAX_FAILURE_LINE = 600;

function clip(line: string): string {
  return line.length <= MAX_FAILURE_LINE ? line : `${line.slice(0, MAX_FAILURE_LINE - 1)}…`;
}

const firstLine = (text: string | undefined): string => (text ?? '').split('\n')[0]!.trim();

/**
 * One line per failed vitest test (file relative to `root` > full name: first line of
 * its error), and per test file that failed to load, so the tail of a CI log says
 * which tests failed and why, not only how many.
 */
export function failedVitestTests(text: string, root: string): string[] {
  const report = JSON.parse(text) as {
    testResults?: {
      name: string;
      status: string;
      message?: string;
      assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
    }[];
  };
  const lines: string[] = [];
  for (const file of report.testResults ?? []) {
    const relative = file.name.startsWith(`${root}/`) ? file.name.slice(root.length + 1) : file.name;
    const failed = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed) {
      lines.push(clip(`${relative} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`));
    }
    if (failed.length === 0 && file.status === 'failed')
      lines.push(clip(`${relative}: ${firstLine(file.message)}`));
  }
  return lines;
}

/** Cucumber `message:` formatter output (NDJSON envelopes): one result per test case. */
export function summarizeCucumberMessages(text: string): SuiteTally {
  const tally: SuiteTally = { passed: 0, failed: 0, skipped: 0 };
  const worst = new Map<string, string>();
  const rank: Record<string, number> = {
    PASSED: 0,
    SKIPPED: 1,
    PENDING: 2,
    UNDEFINED: 3,
    AMBIGUOUS: 4,
    FAILED: 5,
    UNKNOWN: 5,
  };
  const attemptOf = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const envelope = JSON.parse(line) as {
      testCaseStarted?: { id: string; testCaseId: string };
      testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string } };
    };
    if (envelope.testCaseStarted) {
      attemptOf.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
      worst.set(envelope.testCaseStarted.testCaseId, 'PASSED');
    }
    const finished = envelope.testStepFinished;
    if (finished) {
      const caseId = attemptOf.get(finished.testCaseStartedId);
      if (caseId === undefined) continue;
      const current = worst.get(caseId) ?? 'PASSED';
      const status = finished.testStepResult.status;
      if ((rank[status] ?? 5) > (rank[current] ?? 0)) worst.set(caseId, status);
    }
  }
  for (const status of worst.values()) {
    if (status === 'PASSED') tally.passed += 1;
    else if (status === 'SKIPPED') tally.skipped += 1;
    else tally.failed += 1;
  }
  return tally;
}

export function sumTallies(tallies: readonly SuiteTally[]): SuiteTally {
  return tallies.reduce(
    (sum, t) => ({
      passed: sum.passed + t.passed,
      failed: sum.failed + t.failed,
      skipped: sum.skipped + t.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
}

/** The closing line of a CI run; a skip is counted, never hidden. */
export function summaryLine(tally: SuiteTally): string {
  return `${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`;
}

const isSet = (value: string | undefined): boolean =>
  value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';

/**
 * Why this environment must not run CI, or undefined. Under CI the real-engine runs
 * (Haiku, official SDKs) are required; a REQUIRE_REAL_LLAMA other than 1 inherited from
 * the caller would turn them into quiet skips.
 */
export function ciEnvironmentError(env: NodeJS.ProcessEnv): string | undefined {
  const required = env['REQUIRE_REAL_LLAMA'];
  if (!isSet(env['CI']) || required === undefined || required === '1') return undefined;
  return (
    `REQUIRE_REAL_LLAMA=${required} is set while CI=${env['CI']}: in CI the real llama-server runs ` +
    '(Haiku, official SDKs) must run, not skip. unset REQUIRE_REAL_LLAMA (CI sets it to 1), ' +
    'or run the suites outside CI to skip them'
  );
}
