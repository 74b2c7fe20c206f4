// HOUSE_STYLE 4: the one base of every typed error in llama-orch. Each package's
// `errors.ts` extends it, so code that catches an error reads the same fields
// everywhere: `code` (stable, machine-readable), `message` (what to do),
// `retriable` (whether repeating as-is may help), `context` (readonly facts for logs;
// only documented fields reach the wire) and `cause`.

export interface TypedErrorOptions<Context extends object = Readonly<Record<string, unknown>>> {
  retriable: boolean;
  context?: Context;
  cause?: unknown;
}

export abstract class TypedError<
  Code extends string = string,
  Context extends object = Readonly<Record<string, unknown>>,
> extends Error {
  readonly code: Code;
  readonly retriable: boolean;
  readonly context: Readonly<Context>;

  constructor(code: Code, message: string, options: TypedErrorOptions<Context>) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable;
    this.context = Object.freeze({ ...(options.context ?? ({} as Context)) });
  }
}

export function isTypedError(value: unknown): value is TypedError {
  return value instanceof TypedError;
}
