// ORCHD-031, ORCHD-034, ORCHD-036: control-plane bodies are checked field by
// field against control.yaml before anything is stored, so a refusal names the
// offending field and the fix (same style as the data plane's TaskRequest).
import { invalidParams, type OrchestratordError } from '../errors.js';

export const invalid = (message: string): OrchestratordError => invalidParams(message);

export type Fields = Record<string, unknown>;

/** The body as a plain object whose keys are all known; `what` names the schema in messages. */
export function fieldsOf(body: unknown, where: string, what: string, known: readonly string[]): Fields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(`${where} must be a JSON object (${what})`);
  }
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) throw invalid(`${where}.${key.slice(0, 64)} is not a ${what} field; remove it`);
  }
  return body as Fields;
}

export interface TextRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** Appended to the message when the pattern does not match. */
  hint?: string;
}

export function text(input: Fields, field: string, where: string, rule: TextRule = {}): string {
  const value = input[field];
  const min = rule.min ?? 0;
  if (
    typeof value !== 'string' ||
    value.length < min ||
    (rule.max !== undefined && value.length > rule.max)
  ) {
    const bounds = rule.max === undefined ? `at least ${min}` : `${min} to ${rule.max}`;
    throw invalid(`${where}.${field} must be a string of ${bounds} characters`);
  }
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    throw invalid(`${where}.${field} is malformed${rule.hint === undefined ? '' : `: ${rule.hint}`}`);
  }
  return value;
}

export function oneOf<T extends string>(
  input: Fields,
  field: string,
  where: string,
  allowed: readonly T[],
): T {
  const value = input[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(`${where}.${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function textList(input: Fields, field: string, where: string): string[] {
  const value = input[field];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalid(`${where}.${field} must be an array of strings`);
  }
  return [...(value as string[])];
}

export function list(input: Fields, field: string, where: string): unknown[] {
  const value = input[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`${where}.${field} must be an array`);
  return value;
}

export function plainObject(value: unknown, where: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${where} must be a JSON object`);
  return value as Fields;
}
