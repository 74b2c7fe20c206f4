// MET-028, issue 17 accounting: what the product's own JSON log lines say about
// tasks (each line names its task in `job_id` and its client in `client`), read
// from the daemon's output in the order it wrote them. On a pool of one replica
// with one slot tasks run one at a time, so the order of their `task ended`
// lines is the order in which they started.
export interface TaskLine {
  /** Position in the daemon's output: the order the daemon wrote its lines in. */
  index: number;
  msg: string;
  job_id: string;
  client?: string;
  pool_id?: string;
  outcome?: string;
  queue_ms?: number;
  [field: string]: unknown;
}

/** Every JSON log line about a task, in output order. */
export function taskLines(output: readonly string[]): TaskLine[] {
  const lines: TaskLine[] = [];
  output.forEach((text, index) => {
    if (!text.startsWith('{')) return;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof line['job_id'] === 'string' && typeof line['msg'] === 'string')
      lines.push({ ...line, index, msg: line['msg'], job_id: line['job_id'] });
  });
  return lines;
}

const ENDED = new Set(['task ended', 'task ended with error']);

/** The `task admitted` and end line of one task; throws when the daemon wrote either not (yet). */
export function lifeOf(lines: readonly TaskLine[], taskId: string): { admitted: TaskLine; ended: TaskLine } {
  const admitted = lines.find((l) => l.job_id === taskId && l.msg === 'task admitted');
  const ended = lines.find((l) => l.job_id === taskId && ENDED.has(l.msg));
  if (admitted === undefined || ended === undefined)
    throw new Error(
      `task ${taskId}: no ${admitted === undefined ? 'admitted' : 'end'} line in the daemon output`,
    );
  return { admitted, ended };
}

export interface Overtaking {
  /** The other tasks (of `others`) still waiting or running when the task was admitted. */
  aheadAtAdmission: number;
  /** Of those and later ones, how many ended while the task waited: ran before it on the one slot. */
  ranBefore: number;
  /** Of the tasks admitted before it, how many ended after it (it overtook them). */
  overtook: number;
}

/** How a task on a one-slot pool fared against `others` (task ids): who went first. */
export function overtaking(
  lines: readonly TaskLine[],
  taskId: string,
  others: readonly string[],
): Overtaking {
  const own = lifeOf(lines, taskId);
  const lives = others.map((id) => lifeOf(lines, id));
  const before = lives.filter((l) => l.admitted.index < own.admitted.index);
  return {
    aheadAtAdmission: before.filter((l) => l.ended.index > own.admitted.index).length,
    ranBefore: lives.filter((l) => l.ended.index > own.admitted.index && l.ended.index < own.ended.index)
      .length,
    overtook: before.filter((l) => l.ended.index > own.ended.index).length,
  };
}
