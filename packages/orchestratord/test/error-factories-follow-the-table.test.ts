// ORCHD-049, HOUSE_STYLE 4: the daemon's refusals take their status and retry default from
// contracts' ERROR_TABLE; a named factory picks one of the code's listed statuses, and an
// error built with a status the table does not list for its code is refused outright.
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, isStatusOf, TypedError } from '@llama-orch/contracts';
import {
  clientLimitReject,
  conflict,
  fetchFailed,
  guardrailReject,
  internal,
  invalidParams,
  missingToken,
  notFound,
  OrchestratordError,
  policyDenied,
  taskIdConflict,
  tokenRejected,
  tooLarge,
  unsupportedMediaType,
} from '../src/errors.js';

const built = [
  invalidParams('x'),
  missingToken('x'),
  tokenRejected('x'),
  notFound('x'),
  conflict('x'),
  taskIdConflict('x'),
  guardrailReject('x'),
  tooLarge('x'),
  unsupportedMediaType('x'),
  internal('x'),
  policyDenied('policy.allowed_domains', 'x'),
  policyDenied('policy.max_response_bytes', 'x', 502),
  fetchFailed('x', true),
  fetchFailed('x', false),
  clientLimitReject('max_concurrent', 'x', 1_000),
];

describe('error factories', () => {
  it.each(built.map((e) => [`${e.code} ${e.status}`, e] as const))(
    '%s is a status the table lists for the code [ORCHD-049]',
    (_name, error) => {
      expect(isStatusOf(error.code, error.status)).toBe(true);
      expect(error).toBeInstanceOf(TypedError);
    },
  );

  it('takes status and retriable from the table when nothing is named [ORCHD-049]', () => {
    for (const code of Object.keys(ERROR_TABLE) as (keyof typeof ERROR_TABLE)[]) {
      const error = new OrchestratordError(code, 'x');
      expect([error.status, error.retriable]).toEqual([
        ERROR_TABLE[code].status,
        ERROR_TABLE[code].retriable,
      ]);
    }
  });

  it('refuses a status the table does not list for the code [ORCHD-049]', () => {
    expect(() => new OrchestratordError('INVALID_PARAMS', 'x', { status: 404 })).toThrow(/ERROR_TABLE/);
    expect(notFound('x')).toMatchObject({ code: 'NOT_FOUND', status: 404, retriable: false });
  });

  it('keeps the shared field names: code, message, retriable, context, cause [OC-011]', () => {
    const cause = new Error('disk');
    const error = internal('catalog unreadable', { context: { file: 'c.json' }, cause });
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'catalog unreadable', retriable: false });
    expect(error.context).toEqual({ file: 'c.json' });
    expect(error.cause).toBe(cause);
    expect(error.toEnvelope()).toEqual({ code: 'INTERNAL', message: 'catalog unreadable', retriable: false });
  });
});
