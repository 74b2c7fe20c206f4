// OC-011, ORCHD-049, HOUSE_STYLE 4: one error table. The code → {status, retriable}
// table in contracts, the OpenAPI `ErrorCode` enum and the table operators read in
// .docs/OPERATIONS.md say the same thing, row for row.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_TABLE, isStatusOf } from '@llama-orch/contracts';
import { schemaOf } from './support/openapi-documents.js';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.docs/OPERATIONS.md');

interface DocRow {
  code: string;
  statuses: number[];
  retriable: boolean;
}

/** The rows of the `## Error codes` table. */
function docRows(): DocRow[] {
  const text = readFileSync(DOCS, 'utf8');
  const section = text.slice(text.indexOf('## Error codes'));
  const body = section.slice(0, section.indexOf('\n## ', 1));
  return body
    .split('\n')
    .filter((line) => /^\| [A-Z_]+ \|/.test(line))
    .map((line) => {
      const [code = '', status = '', others = '', retriable = ''] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      const extra = others === '' ? [] : others.split(',').map((s) => Number(s.trim()));
      return { code, statuses: [Number(status), ...extra], retriable: retriable === 'yes' };
    });
}

describe('the error table', () => {
  it('has one row per OpenAPI ErrorCode, in its order [OC-011]', () => {
    expect(Object.keys(ERROR_TABLE)).toEqual(schemaOf('common.yaml', 'ErrorCode').node.enum);
    expect(Object.keys(ERROR_TABLE)).toEqual([...ERROR_CODES]);
  });

  it('is the table in .docs/OPERATIONS.md, status and retriable alike [ORCHD-049]', () => {
    const table = Object.entries(ERROR_TABLE).map(([code, e]) => ({
      code,
      statuses: [...e.statuses],
      retriable: e.retriable,
    }));
    expect(docRows()).toEqual(table);
  });

  it('gives each code its default status first and only error statuses [ORCHD-049]', () => {
    for (const [code, e] of Object.entries(ERROR_TABLE)) {
      expect(e.statuses[0], code).toBe(e.status);
      expect(new Set(e.statuses).size, code).toBe(e.statuses.length);
      for (const status of e.statuses) expect(status >= 400 && status <= 599, code).toBe(true);
    }
    expect(isStatusOf('NOT_FOUND', 404)).toBe(true);
    expect(isStatusOf('INVALID_PARAMS', 404)).toBe(false);
  });

  it('says what an unknown route is: 404 NOT_FOUND, not INVALID_PARAMS [ORCHD-049]', () => {
    expect(ERROR_TABLE.NOT_FOUND).toMatchObject({ status: 404, retriable: false });
  });
});
