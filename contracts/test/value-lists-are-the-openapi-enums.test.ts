// OC-016, HOUSE_STYLE 5: every closed value list of the wire is written once, in the
// OpenAPI YAML; the arrays packages use at run time (config schema, request
// validators, CLI choices) are exactly those enums, in the same order.
import { describe, expect, it } from 'vitest';
import {
  DETERMINISM_MODES,
  ENGINES,
  ERROR_CODES,
  KV_HINTS,
  PRIORITIES,
  REPLICA_STATES,
  STREAM_CANCEL_REASONS,
  WORKLOADS,
  configJsonSchema,
} from '@llama-orch/contracts';
import { schemaOf } from './support/openapi-documents.js';

const LISTS: [string, string, readonly string[]][] = [
  ['ErrorCode', 'data.yaml', ERROR_CODES],
  ['Engine', 'data.yaml', ENGINES],
  ['Workload', 'data.yaml', WORKLOADS],
  ['Priority', 'data.yaml', PRIORITIES],
  ['Determinism', 'data.yaml', DETERMINISM_MODES],
  ['KvHint', 'data.yaml', KV_HINTS],
  ['StreamCancelReason', 'data.yaml', STREAM_CANCEL_REASONS],
  ['ReplicaState', 'pool.yaml', REPLICA_STATES],
];

describe('value lists', () => {
  it.each(LISTS)('%s (%s) is the exported list [OC-016]', (schema, file, values) => {
    expect(schemaOf(file, schema).node.enum).toEqual([...values]);
  });

  it('the same enums reach every document that names them [OC-016]', () => {
    for (const file of ['control.yaml', 'pool.yaml']) {
      expect(schemaOf(file, 'Engine').node.enum).toEqual([...ENGINES]);
    }
    expect(schemaOf('control.yaml', 'Workload').node.enum).toEqual([...WORKLOADS]);
  });

  it('the config schema accepts exactly the wire engines and determinism modes [OC-016, CFG-003]', () => {
    const json = JSON.stringify(configJsonSchema());
    expect(json).toContain(JSON.stringify([...ENGINES]));
    expect(json).toContain(JSON.stringify([...DETERMINISM_MODES]));
  });
});
