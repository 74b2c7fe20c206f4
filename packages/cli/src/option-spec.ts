// CLI-002: the shape of the one option table. Each option is declared once
// with its kind; the parser, the help text and the handlers' option types are
// all derived from that declaration, so they cannot disagree.

export type OptionKind = 'string' | 'int' | 'number' | 'flag' | 'list';

export interface OptionSpec {
  /** Property name in the parsed options (camelCase of the long flag, as commander derives it). */
  readonly key: string;
  /** Commander flag syntax, e.g. `-m, --model <ref>`. */
  readonly flags: string;
  readonly description: string;
  readonly kind: OptionKind;
  readonly choices?: readonly string[];
  readonly defaultValue?: string | number | boolean;
  /** Environment variable consulted when the option is absent (shown in help). */
  readonly env?: string;
  /** Smallest accepted value for `int` and `number` options. */
  readonly min?: number;
  /** Largest accepted value for `number` options. */
  readonly max?: number;
}

export interface CommandSpec {
  /** e.g. `['catalog', 'add']`; a one-element path is a top-level command. */
  readonly path: readonly string[];
  /** Commander argument syntax, e.g. `<id>` or `[prompt]`. */
  readonly args: readonly string[];
  readonly summary: string;
  readonly aliases?: readonly string[];
  readonly options: readonly OptionSpec[];
}

type ValueOf<S extends OptionSpec> = S['kind'] extends 'int' | 'number'
  ? number
  : S['kind'] extends 'flag'
    ? boolean
    : S['kind'] extends 'list'
      ? string[]
      : S['choices'] extends readonly (infer C extends string)[]
        ? C
        : string;

/** Parsed option values of one command, typed from its table entry. */
export type OptionValues<T extends readonly OptionSpec[]> = {
  [S in T[number] as S['key']]?: ValueOf<S>;
};

export function parseIntOption(name: string, min: number | undefined) {
  return (raw: string): number => {
    if (!/^-?\d+$/.test(raw.trim()))
      throw new TypeError(`${name} must be an integer, got ${JSON.stringify(raw)}`);
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) throw new TypeError(`${name} is out of range`);
    if (min !== undefined && value < min)
      throw new TypeError(`${name} must be at least ${min}, got ${value}`);
    return value;
  };
}

/** A decimal such as `0.7`; bounds are inclusive. */
export function parseNumberOption(name: string, min: number | undefined, max: number | undefined) {
  return (raw: string): number => {
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw.trim()))
      throw new TypeError(`${name} must be a number, got ${JSON.stringify(raw)}`);
    const value = Number(raw);
    if (min !== undefined && value < min)
      throw new TypeError(`${name} must be at least ${min}, got ${value}`);
    if (max !== undefined && value > max) throw new TypeError(`${name} must be at most ${max}, got ${value}`);
    return value;
  };
}
