// Reads a YAML config and remembers where each key sits, so schema problems can
// point at a line and column (CFG-003, CFG-013). Syntax errors, duplicate keys
// and unknown tags are refused here, before the schema sees anything.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { ConfigError } from './config-error.js';
import type { ConfigIssue } from './config-error.js';

export interface SourcePosition {
  line: number;
  column: number;
}

export interface YamlSource {
  value: unknown;
  /** Where the key at `path` (or its deepest existing parent) starts in the file. */
  locate(path: readonly PropertyKey[]): SourcePosition | undefined;
}

export function readYaml(text: string, source: string): YamlSource {
  const lineCounter = new LineCounter();
  // prettyErrors would quote the offending line, and that line may hold a secret.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    const issues: ConfigIssue[] = problems.map((problem) => ({
      path: '',
      message: `YAML ${problem.name === 'YAMLWarning' ? 'problem' : 'syntax error'}: ${problem.message}`,
      ...toPosition(lineCounter.linePos(problem.pos[0])),
    }));
    throw new ConfigError(issues, { source });
  }
  const position = (offset: number | undefined): SourcePosition | undefined =>
    offset === undefined ? undefined : toPosition(lineCounter.linePos(offset));
  return {
    value: doc.toJS({ maxAliasCount: 100 }) as unknown,
    locate(path) {
      let node: unknown = doc.contents;
      let found = position((node as Node | null)?.range?.[0]);
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
          if (pair === undefined) break;
          found = position((pair.key as Node).range?.[0]) ?? found;
          node = pair.value;
        } else if (isSeq(node) && typeof segment === 'number') {
          node = node.items[segment];
          found = position((node as Node | undefined)?.range?.[0]) ?? found;
        } else break;
      }
      return found;
    },
  };
}

function toPosition({ line, col }: { line: number; col: number }): SourcePosition {
  return { line, column: col };
}
