// A synthetic but realistic coding-agent chat request: a long system prompt of
// English instructions, a dozen function tools with JSON-schema parameters, a
// user turn with project notes, a directory listing and a source file, then the
// tool calls and results of a few rounds (files read, a test run, a search).
// Real agents send 40–60 KB of JSON shaped like this (shared/reference/agents.md);
// the tests size the tiny models' context from how many tokens it becomes.

import {
  DIAGNOSTICS,
  ERRORS_FILE,
  GREP_OUTPUT,
  PACKAGE_JSON,
  QUEUE_FILE,
  README_FILE,
  SOURCE_FILE,
  SYSTEM_PROMPT,
  TEST_OUTPUT,
} from './agent-texts.js';
import { AGENT_TOOLS } from './agent-tools.js';
import type { AgentTool } from './agent-tool-schema.js';

export type { AgentTool };

export type AgentMessage =
  | { role: 'system' | 'user'; content: string }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface AgentRequest {
  messages: AgentMessage[];
  tools: AgentTool[];
}

const numbered = (text: string): string =>
  text
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(6)}\t${line}`)
    .join('\n');

function directoryListing(): string {
  const packages = ['orchestrator-core', 'orchestratord', 'pool-managerd', 'worker-adapters', 'cli'];
  const files = ['index', 'errors', 'config', 'queue', 'placement', 'server', 'routes', 'stream', 'metrics'];
  const lines: string[] = ['- README.md', '- NOTES.md', '- package.json', '- pnpm-workspace.yaml'];
  for (const pkg of packages) {
    lines.push(`- packages/${pkg}/`, `  - package.json`, `  - README.md`, `  - src/`);
    for (const file of files) lines.push(`    - ${file}.ts`);
    lines.push(`  - test/`);
    for (const file of files.slice(1, 7)) lines.push(`    - ${file}-behaviour.test.ts`);
  }
  lines.push('- contracts/', '  - openapi/', '    - control.yaml', '    - data.yaml', '  - config-schema/');
  lines.push('    - llorch.config.schema.json', '  - src/', '    - config/', '      - schema-pool.ts');
  for (const suite of ['bdd', 'determinism-suite', 'chaos', 'haiku-e2e']) {
    lines.push(`- test-harness/${suite}/`, '  - package.json', '  - src/', '  - test/');
  }
  return lines.join('\n');
}

const USER_TURN = `<context>
The notes below come from the project itself and take precedence over your defaults where the two disagree.

Contents of /home/dev/projects/llama-orch/NOTES.md:

- Use pnpm, never npm or yarn, for installing packages and running scripts.
- Run \`pnpm typecheck\`, \`pnpm lint\` and \`pnpm test\` before you say that a change is done.
- Every source file starts with a short comment that names the requirement IDs it implements.
- Keep files small: aim for 80 to 160 lines, and split anything over 400 lines.
- Errors are typed classes with a stable code, a cause and a retriable flag; never throw plain strings.
- Tests are named after the behaviour they check, never numbered.
- Generated files (OpenAPI types, JSON schema, requirement index) come from \`pnpm regen\`; never edit them by hand, and commit them together with their source.
- Dependencies point one way: contracts, then orchestrator-core, then the adapters and pool-managerd, then orchestratord. The CLI talks to the daemon over HTTP only.
- orchestrator-core must stay pure: no sockets, no child processes, no timers and no clock that was not passed in.
- Prefer fakes over mocks. The engine simulators are real processes that speak the real protocols; use them in tests instead of stubbing functions.
- Public entry points are the package index files. Never import another package's src directory directly.
- Use AbortSignal for cancellation all the way down, and include the reason when you abort.
- Log with the shared pino logger; every line carries the correlation id of the request it belongs to.

Reminders for this session: change only what the request needs, edit existing files rather than adding new ones, and do not write documentation files nobody asked for. If these notes have nothing to do with the request, ignore them and do not mention them.
</context>
<context>
Your task list is empty. If the request below has several steps, start one with todo_write; do not tell the user about this reminder.
</context>
<context>
Project layout (top two levels of the working directory):
${directoryListing()}
</context>
The test below fails on main since the queue learned about batch work. Here is the file as it is now:

\`\`\`ts
${SOURCE_FILE}\`\`\`

Please find out why the second test fails, fix the queue so that interactive work is always served first, and run the tests to show that both pass.`;

const read = (id: string, file: string) => ({
  id,
  type: 'function' as const,
  function: {
    name: 'read',
    arguments: JSON.stringify({
      file_path: `/home/dev/projects/llama-orch/packages/orchestrator-core/${file}`,
    }),
  },
});

const grep = (id: string, pattern: string) => ({
  id,
  type: 'function' as const,
  function: {
    name: 'grep',
    arguments: JSON.stringify({ pattern, output_mode: 'content', line_numbers: true }),
  },
});

const diagnostics = (id: string) => ({
  id,
  type: 'function' as const,
  function: { name: 'diagnostics', arguments: JSON.stringify({ severity: 'information' }) },
});

const bash = (id: string, command: string) => ({
  id,
  type: 'function' as const,
  function: {
    name: 'bash',
    arguments: JSON.stringify({ command, description: 'Run the failing queue test' }),
  },
});

/**
 * The request body an OpenAI-compatible agent would send on its fourth round
 * (after reading files, running the failing test and searching), without model and stream options.
 */
export function agentRequest(): AgentRequest {
  return {
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: USER_TURN },
      {
        role: 'assistant',
        content: 'I will read the queue and its errors first.',
        tool_calls: [read('call_1', 'src/queue.ts'), read('call_2', 'src/errors.ts')],
      },
      { role: 'tool', tool_call_id: 'call_1', content: numbered(QUEUE_FILE) },
      { role: 'tool', tool_call_id: 'call_2', content: numbered(ERRORS_FILE) },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          read('call_3', 'README.md'),
          bash('call_4', 'pnpm vitest run test/queue-behaviour.test.ts'),
        ],
      },
      { role: 'tool', tool_call_id: 'call_3', content: numbered(README_FILE) },
      { role: 'tool', tool_call_id: 'call_4', content: TEST_OUTPUT },
      {
        role: 'assistant',
        content: 'The failure is in take(). Let me see where batchShare is set.',
        tool_calls: [grep('call_5', 'batchShare|batch_share')],
      },
      { role: 'tool', tool_call_id: 'call_5', content: GREP_OUTPUT },
      {
        role: 'assistant',
        content: '',
        tool_calls: [read('call_6', 'package.json'), diagnostics('call_7')],
      },
      { role: 'tool', tool_call_id: 'call_6', content: numbered(PACKAGE_JSON) },
      { role: 'tool', tool_call_id: 'call_7', content: DIAGNOSTICS },
    ],
    tools: AGENT_TOOLS,
  };
}
