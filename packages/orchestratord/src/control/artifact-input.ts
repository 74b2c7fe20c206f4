// ORCHD-036: the artifact request body (control.yaml ArtifactInput) with its
// documented defaults applied, and the canonical document whose sha256 is the
// artifact's id. Defaults are applied before hashing, so omitting `tags` and
// sending `tags: []` name the same artifact.
import type { ArtifactKind } from '@llama-orch/contracts';
import { canonicalJson, sha256Hex, SHA256_HEX } from './canonical-json.js';
import { fieldsOf, invalid, oneOf, plainObject, text, textList } from './body-fields.js';

export const ARTIFACT_KINDS: readonly ArtifactKind[] = ['plan', 'summary', 'diff', 'trace', 'other'];

/** Exactly the fields the id covers. */
export interface ArtifactDocument {
  kind: ArtifactKind;
  content: string;
  tags: string[];
  parent: string | null;
  metadata: Record<string, unknown>;
}

export function parseArtifactInput(body: unknown): ArtifactDocument {
  const input = fieldsOf(body, 'body', 'ArtifactInput', ['kind', 'content', 'tags', 'parent', 'metadata']);
  for (const field of ['kind', 'content']) {
    if (input[field] === undefined) throw invalid(`body.${field} is required`);
  }
  const parent =
    input.parent === undefined || input.parent === null
      ? null
      : text(input, 'parent', 'body', {
          pattern: SHA256_HEX,
          hint: 'expected an artifact id (64 lower-case hex digits)',
        });
  return {
    kind: oneOf(input, 'kind', 'body', ARTIFACT_KINDS),
    content: text(input, 'content', 'body'),
    tags: textList(input, 'tags', 'body'),
    parent,
    metadata: input.metadata === undefined ? {} : plainObject(input.metadata, 'body.metadata'),
  };
}

export function canonicalDocument(doc: ArtifactDocument): string {
  return canonicalJson({
    kind: doc.kind,
    content: doc.content,
    tags: doc.tags,
    parent: doc.parent,
    metadata: doc.metadata,
  });
}

export function artifactId(doc: ArtifactDocument): string {
  return sha256Hex(canonicalDocument(doc));
}
