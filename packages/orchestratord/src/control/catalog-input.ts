// ORCHD-031, ORCHD-034: the catalog's request bodies (control.yaml
// CatalogModelInput and ModelStateChange), validated and normalised with the
// documented defaults. Manifest paths must stay inside the models directory,
// so a catalog entry can never make the daemon read an arbitrary file.
import { isAbsolute, normalize, sep } from 'node:path';
import type { CatalogModelInput, ModelState, ModelStateChange, TrustPolicy } from '@llama-orch/contracts';
import { SHA256_HEX } from './canonical-json.js';
import { fieldsOf, invalid, list, oneOf, plainObject, text, textList, type Fields } from './body-fields.js';
import { MODEL_STATES } from './model-lifecycle.js';

export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const MODEL_ID_MAX = 128;
const TRUST_POLICIES: readonly TrustPolicy[] = ['permissive', 'strict'];
const SBOM_FORMATS = ['spdx', 'cyclonedx', 'other'] as const;
const INPUT_FIELDS = [
  'id',
  'digest',
  'source_url',
  'tags',
  'manifests',
  'signatures',
  'sbom',
  'trust_policy',
];

/** A CatalogModelInput with every default applied; `trust_policy` stays undefined when not sent. */
export type NormalisedModelInput = Required<Omit<CatalogModelInput, 'trust_policy'>> & {
  trust_policy?: TrustPolicy;
};

export function isModelId(value: string): boolean {
  return value.length <= MODEL_ID_MAX && MODEL_ID.test(value);
}

const sha = (input: Fields, field: string, where: string): string =>
  text(input, field, where, {
    pattern: SHA256_HEX,
    hint: 'expected 64 lower-case hex digits (sha256sum output)',
  });

function manifestPath(input: Fields, where: string): string {
  const path = text(input, 'path', where, { min: 1, max: 1024 });
  const clean = normalize(path);
  if (path.includes('\0') || isAbsolute(path) || clean === '..' || clean.startsWith(`..${sep}`)) {
    throw invalid(`${where}.path must be relative to the models directory and stay inside it`);
  }
  return clean;
}

function manifests(input: Fields): NonNullable<CatalogModelInput['manifests']> {
  return list(input, 'manifests', 'body').map((item, i) => {
    const where = `body.manifests[${i}]`;
    const m = fieldsOf(item, where, 'ModelManifest', ['path', 'digest', 'size_bytes']);
    const size = m.size_bytes;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      throw invalid(`${where}.size_bytes must be an integer >= 0`);
    }
    return { path: manifestPath(m, where), digest: sha(m, 'digest', where), size_bytes: size };
  });
}

function signatures(input: Fields): NonNullable<CatalogModelInput['signatures']> {
  return list(input, 'signatures', 'body').map((item, i) => {
    const where = `body.signatures[${i}]`;
    const s = fieldsOf(item, where, 'ModelSignature', ['scheme', 'signature', 'key_id']);
    const signature = {
      scheme: text(s, 'scheme', where, { min: 1, max: 64 }),
      signature: text(s, 'signature', where, { min: 1 }),
    };
    return s.key_id === undefined
      ? signature
      : { ...signature, key_id: text(s, 'key_id', where, { max: 512 }) };
  });
}

function sbom(input: Fields): NonNullable<CatalogModelInput['sbom']> | null {
  if (input.sbom === undefined || input.sbom === null) return null;
  const s = fieldsOf(input.sbom, 'body.sbom', 'Sbom', ['format', 'document']);
  return {
    format: oneOf(s, 'format', 'body.sbom', SBOM_FORMATS),
    document: plainObject(s.document, 'body.sbom.document'),
  };
}

export function parseCatalogModelInput(body: unknown): NormalisedModelInput {
  const input = fieldsOf(body, 'body', 'CatalogModelInput', INPUT_FIELDS);
  for (const field of ['id', 'digest', 'source_url']) {
    if (input[field] === undefined) throw invalid(`body.${field} is required`);
  }
  const id = text(input, 'id', 'body', {
    min: 1,
    max: MODEL_ID_MAX,
    pattern: MODEL_ID,
    hint: 'letters, digits, ".", "_", ":" and "-", starting with a letter or digit',
  });
  const sourceUrl = text(input, 'source_url', 'body', { min: 1, max: 4096 });
  if (!URL.canParse(sourceUrl))
    throw invalid('body.source_url must be an absolute URI (e.g. https://…/model.gguf)');
  const normalised: NormalisedModelInput = {
    id,
    digest: sha(input, 'digest', 'body'),
    source_url: sourceUrl,
    tags: textList(input, 'tags', 'body'),
    manifests: manifests(input),
    signatures: signatures(input),
    sbom: sbom(input),
  };
  if (input.trust_policy !== undefined)
    normalised.trust_policy = oneOf(input, 'trust_policy', 'body', TRUST_POLICIES);
  return normalised;
}

export function parseStateChange(body: unknown): ModelStateChange & { state: ModelState } {
  const input = fieldsOf(body, 'body', 'ModelStateChange', ['state', 'reason']);
  if (input.state === undefined) throw invalid(`body.state is required (one of ${MODEL_STATES.join(', ')})`);
  const state = oneOf(input, 'state', 'body', MODEL_STATES);
  return input.reason === undefined
    ? { state }
    : { state, reason: text(input, 'reason', 'body', { max: 1024 }) };
}
