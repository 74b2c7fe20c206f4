// Reads contracts/openapi/*.yaml as plain data for the contract tests: loads a
// document once, follows `$ref` chains across sibling files, and lists a root
// document's operations. Tests check the YAML itself, so what they prove holds
// for any consumer, not just the generated types.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const OPENAPI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../openapi');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

export type Node = Record<string, unknown>;
export interface Located {
  file: string;
  node: Node;
}
export interface Operation {
  file: string;
  method: string;
  path: string;
  op: Node;
}

const files = new Map<string, Node>();
export const load = (file: string): Node => {
  let doc = files.get(file);
  if (doc === undefined) {
    doc = parse(readFileSync(path.join(OPENAPI_DIR, file), 'utf8')) as Node;
    files.set(file, doc);
  }
  return doc;
};

/** Follows `$ref` chains (local or into a sibling file) and returns the target node. */
export function deref(file: string, node: unknown): Located {
  let current = { file, node: node as Node };
  for (let hops = 0; typeof current.node.$ref === 'string'; hops += 1) {
    if (hops > 10) throw new Error(`$ref loop at ${String(current.node.$ref)} in ${current.file}`);
    const [target = '', pointer = ''] = current.node.$ref.split('#');
    const nextFile = target === '' ? current.file : path.basename(target);
    let value: unknown = load(nextFile);
    for (const key of pointer.split('/').filter(Boolean)) value = (value as Node)[key.replaceAll('~1', '/')];
    if (value === undefined) throw new Error(`unresolved $ref ${String(current.node.$ref)}`);
    current = { file: nextFile, node: value as Node };
  }
  return current;
}

/** Walks `keys` from `node`, dereferencing at every step. */
export const get = (file: string, node: unknown, ...keys: string[]): Located =>
  keys.reduce((at, key) => deref(at.file, at.node[key]), deref(file, node));

export const operations = (file: string): Operation[] =>
  Object.entries(load(file).paths as Record<string, Node>).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => ({
      file,
      method: m,
      path: p,
      op: item[m] as Node,
    })),
  );

export const find = (file: string, method: string, p: string): Operation => {
  const hit = operations(file).find((o) => o.method === method && o.path === p);
  if (hit === undefined) throw new Error(`${file} lacks ${method.toUpperCase()} ${p}`);
  return hit;
};

export const response = (o: Operation, status: string): Located => get(o.file, o.op, 'responses', status);
export const schemaOf = (file: string, name: string): Located =>
  get(file, load(file), 'components', 'schemas', name);
