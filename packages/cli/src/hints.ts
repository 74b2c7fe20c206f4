// CLI-016, CLI-017: what to tell the user after each kind of failure, and
// which exit status it maps to. Pure tables, so the wording is reviewed in one
// place and the exit statuses cannot drift between commands.
import type { ErrorCode } from '@llama-orch/contracts';
import { EXIT, type ExitStatus } from './errors.js';

export const NOT_FOUND_HINT =
  'nothing on the server has this id (never created, expired, or deleted): check the id, e.g. with `llorch status` or `llorch caps`';

const HINT_BY_CODE: Record<ErrorCode, string> = {
  ADMISSION_REJECT:
    'the server refused admission (budget, turn limit or a full queue); start a new session (omit --session) or retry later',
  QUEUE_FULL_DROP_LRU:
    'the queue was full and the task was evicted; resubmit it later or use a less busy model',
  INVALID_PARAMS: 'fix the request as the message says; `llorch <command> --help` lists the options',
  POOL_UNREADY: 'the pool is loading or draining; check `llorch pools health <pool>` and retry shortly',
  POOL_UNAVAILABLE: 'no Ready pool serves this model and engine; `llorch caps` lists what is served now',
  REPLICA_EXHAUSTED: 'every replica is busy or failed; check `llorch status` and retry later',
  DECODE_TIMEOUT:
    'the engine stalled mid-task; resubmit, and check `llorch pools health <pool>` if it repeats',
  WORKER_RESET: 'the engine restarted mid-task; resubmit the task',
  INTERNAL:
    'an unexpected server fault; report it with the correlation id above (it finds the server log lines)',
  DEADLINE_UNMET:
    'the task cannot finish in time; raise --deadline, lower --max-tokens, or retry when the queue is shorter',
  MODEL_DEPRECATED:
    'the model is Retired or Deprecated; pick an Active model (`llorch caps`) or reactivate it with `llorch catalog state <id> Active`',
  UNTRUSTED_ARTIFACT:
    'the model failed verification under a strict trust policy; add its signature/SBOM and run `llorch catalog verify <id>`',
  POLICY_DENIED:
    'the outbound fetch policy refused this fetch; `policy_label` names the rule to change in the `policy` section of the config',
  FETCH_FAILED:
    'the fetch target could not be reached or did not answer in time; check the URL and retry later',
  NOT_FOUND: NOT_FOUND_HINT,
};

export const AUTH_HINTS = {
  401: "no token was sent: set LLORCH_API_TOKEN (or --token, or `token:` in the config file) to the workstation's token",
  403: "the token does not match the server's: copy it again from the workstation (its <state_dir>/api-token) into LLORCH_API_TOKEN",
} as const;

export function hintForCode(code: ErrorCode): string {
  return HINT_BY_CODE[code];
}

export function hintForNetwork(endpoint: string, errno: string | undefined): string {
  if (errno === 'ECONNREFUSED') {
    return `nothing listens at ${endpoint}: start the service (\`pnpm start\` on the workstation) or open the SSH tunnel (ssh -N -L 8080:127.0.0.1:8080 <workstation>), and check --endpoint / LLORCH_ADDR`;
  }
  if (errno === 'ENOTFOUND' || errno === 'EAI_AGAIN') {
    return `the host of ${endpoint} does not resolve; check --endpoint / LLORCH_ADDR`;
  }
  return `the connection to ${endpoint} failed; check that the service runs and the network or SSH tunnel is up`;
}

/** CLI-017: exit status for a failed HTTP response. */
export function exitStatusFor(status: number, code: ErrorCode | undefined): ExitStatus {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 429) return EXIT.backpressure;
  if (code === 'INVALID_PARAMS' || code === 'NOT_FOUND') return EXIT.usage;
  return EXIT.failure;
}
