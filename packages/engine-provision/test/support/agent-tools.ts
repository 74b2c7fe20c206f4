// The dozen-plus function tools of the synthetic coding-agent request (see
// agent-request.ts): long usage notes and JSON-schema parameters, as agents send.
import { boolProp, numberProp, object, stringProp, tool } from './agent-tool-schema.js';
import type { AgentTool } from './agent-tool-schema.js';

export const AGENT_TOOLS: AgentTool[] = [
  tool(
    'task',
    `Start a sub-agent that works on a self-contained job and returns one written report.

Sub-agents available:
- researcher: answers questions about the codebase by searching and reading files; it cannot change anything. Use it when a search may need many rounds or when you do not know where to look.
- reviewer: reads a finished change and lists problems with correctness, style and missing tests. Use it after a large change, before you report back to the user.

When to use it:
- The search space is large and you would otherwise read dozens of files yourself.
- Several independent questions can be researched at the same time: start one sub-agent per question in the same reply.

When not to use it:
- You already know the file: read it directly.
- You are looking for one definition by name: the grep tool is faster.

Things to know:
1. A sub-agent starts with no memory of this conversation. Its prompt must say everything it needs: the goal, the relevant paths, what to leave alone and what the report should contain.
2. You cannot talk to a sub-agent while it runs, and it cannot ask you questions. Its report is the only thing that comes back.
3. The user does not see the report. Summarise what matters from it in your own reply.
4. Say explicitly whether the sub-agent should only research or may also edit files.`,
    object(
      {
        description: stringProp('Three to five words that say what the sub-agent will do'),
        prompt: stringProp(
          'The complete instructions for the sub-agent, including what its report must contain',
        ),
        agent: {
          type: 'string',
          enum: ['researcher', 'reviewer'],
          description: 'Which kind of sub-agent to start',
        },
      },
      ['description', 'prompt', 'agent'],
    ),
  ),
  tool(
    'bash',
    `Run a command in a bash shell that stays open for the whole session, so the working directory and exported variables carry over from one call to the next.

Before you run a command:
1. If it creates files or directories, check with the list tool that the parent directory exists and is the one you mean.
2. Put double quotes around any path that contains spaces, for example cd "/home/dev/My Projects/app". Without quotes the shell splits the path and the command fails or, worse, acts on the wrong file.

Rules:
- A command times out after 120000 milliseconds (two minutes) unless you pass a different timeout, which may be at most 600000 milliseconds.
- Output longer than 30000 characters is cut, keeping the beginning and the end. Pipe long output through a filter if you need a specific part.
- Set run_in_background for servers, watchers and other commands that do not finish; read their output later with the bash_output tool. Do not put sleep in the background.
- Chain dependent commands with && so that a failure stops the chain. Use separate calls, in the same reply, for commands that do not depend on each other.
- Prefer absolute paths over cd. Change the directory only when the user asks for it.
- Do not use this tool to read, search or edit files: cat, head, tail, grep, find and sed all have dedicated tools that are faster and safer.
- Never run interactive programs that wait for input (editors, pagers, git rebase -i); they hang until the timeout.

Working with git:
- Read-only commands (status, diff, log, show) are always fine.
- Commit only when the user asks. Before committing, look at the status, the staged and unstaged diff, and the last few messages, then write a message of one or two sentences in the same style that explains why the change was made.
- If a pre-commit hook changes files, add them and commit once more; if the hook fails again, stop and report the hook's output.
- Never push, force-push, rebase published branches or edit the git configuration unless the user asks for exactly that.
- Do not create an empty commit when there is nothing to commit.`,
    object(
      {
        command: stringProp('The command line to run'),
        timeout: numberProp('Milliseconds before the command is stopped; at most 600000, default 120000'),
        description: stringProp(
          'What the command does, in five to ten words, for example "Run the unit tests of the cli package" or "Show the files changed since the last commit"',
        ),
        run_in_background: boolProp('Start the command and return at once; read its output with bash_output'),
      },
      ['command'],
    ),
  ),
  tool(
    'glob',
    `Find files by name with glob patterns such as "**/*.test.ts" or "src/**/index.{js,ts}".
- Works quickly on projects of any size and respects the project's ignore files.
- Returns the matching paths, most recently changed first.
- Use it when you know roughly what a file is called but not where it lives.
- For searches that will need several rounds of globbing and reading, start a researcher sub-agent with the task tool instead.
- You can send several glob calls in one reply; they run in parallel.`,
    object(
      {
        pattern: stringProp('The glob pattern that file paths must match'),
        path: stringProp(
          'Directory to search under. Leave the field out to search the working directory; do not send the strings "null" or "undefined".',
        ),
      },
      ['pattern'],
    ),
  ),
  tool(
    'grep',
    `Search file contents with regular expressions (ripgrep syntax).

How to use it:
- Use this tool for every content search; do not run grep or rg through the bash tool.
- Patterns are regular expressions: "fetch\\(.*timeout" or "class\\s+\\w+Error". Escape literal braces and parentheses.
- Narrow the search with the glob parameter ("*.py", "src/**/*.{ts,tsx}") or the type parameter ("js", "go", "rust").
- The output_mode parameter chooses what comes back: matching lines with "content", only file names with "files_with_matches" (the default), or a count per file with "count".
- Patterns match within one line unless you set multiline, which lets "." match newlines.
- Searches that need many follow-up reads belong in a researcher sub-agent.`,
    object(
      {
        pattern: stringProp('The regular expression to look for'),
        path: stringProp('File or directory to search; defaults to the working directory'),
        glob: stringProp('Only search files whose path matches this glob, for example "*.md"'),
        output_mode: {
          type: 'string',
          enum: ['content', 'files_with_matches', 'count'],
          description:
            'What to return: matching lines ("content"), file paths ("files_with_matches", the default) or match counts ("count")',
        },
        context_before: numberProp('Lines to show before each match; only with output_mode "content"'),
        context_after: numberProp('Lines to show after each match; only with output_mode "content"'),
        line_numbers: boolProp(
          'Prefix each matching line with its line number; only with output_mode "content"',
        ),
        ignore_case: boolProp('Match letters regardless of case'),
        type: stringProp('Only search files of this language type, for example "py" or "ts"'),
        max_results: numberProp(
          'Stop after this many lines, paths or counts; by default everything is returned',
        ),
        multiline: boolProp('Let patterns span lines; "." then also matches a newline. Default false.'),
      },
      ['pattern'],
    ),
  ),
  tool(
    'list',
    `Show the files and directories directly inside a directory. The path must be absolute. Pass ignore patterns to hide build output or dependency folders. If you already know which part of the project to look at, the glob and grep tools usually get you there faster.`,
    object(
      {
        path: stringProp('Absolute path of the directory to list'),
        ignore: {
          type: 'array',
          items: { type: 'string' },
          description: 'Glob patterns of entries to leave out',
        },
      },
      ['path'],
    ),
  ),
  tool(
    'read',
    `Read a file from the local disk. Any file the user can read, you can read; if the file does not exist you get an error, which is fine.

Details:
- file_path must be absolute.
- Without offset and limit the first 2000 lines are returned. For long files, read the part you need with offset (the first line to return, counting from 1) and limit (how many lines).
- Lines longer than 2000 characters are shortened.
- Each line comes back prefixed with its number and a tab, like the output of cat -n. The number is not part of the file: leave it out when you copy text into an edit.
- Images (PNG, JPEG, GIF, WebP) are shown to you as pictures, and PDF files page by page as text and pictures.
- Directories cannot be read with this tool; use list.
- Reading several files in one reply is faster than reading them one by one.
- An empty file returns a short notice instead of contents.`,
    object(
      {
        file_path: stringProp('Absolute path of the file to read'),
        offset: numberProp('First line to return, counting from 1; only for files too long to read at once'),
        limit: numberProp('Number of lines to return; only for files too long to read at once'),
      },
      ['file_path'],
    ),
  ),
  tool(
    'edit',
    `Replace one exact piece of text in a file with another.

Rules:
- Read the file with the read tool first in this conversation; an edit to a file you have not read is refused.
- old_string must match the file exactly, including indentation with tabs or spaces. Copy it from the read output without the line-number prefix.
- old_string must occur exactly once, or the edit fails. Include a few surrounding lines to make it unique, or set replace_all to change every occurrence (useful for renaming a variable within one file).
- new_string must differ from old_string.
- Prefer changing existing files to creating new ones.`,
    object(
      {
        file_path: stringProp('Absolute path of the file to change'),
        old_string: stringProp('The exact text to replace'),
        new_string: stringProp('The text to put in its place'),
        replace_all: boolProp('Replace every occurrence instead of exactly one (default false)'),
      },
      ['file_path', 'old_string', 'new_string'],
    ),
  ),
  tool(
    'multi_edit',
    `Make several replacements in one file in a single step. Each edit works like the edit tool, and they are applied in the order given, each one to the result of the one before. Either all of them succeed or the file is left unchanged.

Use it instead of several edit calls when you change the same file in more than one place. The same rules apply: read the file first, match the text exactly including whitespace, make each old_string unique or set replace_all, and plan the order so that an earlier edit does not destroy the text a later one looks for.`,
    object(
      {
        file_path: stringProp('Absolute path of the file to change'),
        edits: {
          type: 'array',
          minItems: 1,
          description: 'The replacements, applied one after another',
          items: {
            type: 'object',
            properties: {
              old_string: stringProp('The exact text to replace'),
              new_string: stringProp('The text to put in its place'),
              replace_all: boolProp('Replace every occurrence (default false)'),
            },
            required: ['old_string', 'new_string'],
            additionalProperties: false,
          },
        },
      },
      ['file_path', 'edits'],
    ),
  ),
  tool(
    'write',
    `Create a file, or replace the whole contents of an existing one.
- If the file already exists you must have read it in this conversation; otherwise the write is refused.
- For small changes to an existing file use edit, which is safer and shows the user what changed.
- Do not create documentation or README files unless the user asks for them.`,
    object(
      {
        file_path: stringProp('Absolute path of the file to write'),
        content: stringProp('The complete new contents of the file'),
      },
      ['file_path', 'content'],
    ),
  ),
  tool(
    'web_fetch',
    `Download a web page and answer a question about it.
- The page is converted from HTML to Markdown and given, with your prompt, to a small model that writes the answer; you get that answer, not the raw page.
- The url must be complete and valid; plain http is upgraded to https.
- Your prompt should say exactly what you want from the page, for example "list the configuration options and their defaults".
- Nothing on the machine is changed by this tool.
- Answers are cached for fifteen minutes, so asking about the same page twice is cheap.
- If the page redirects to another host, the tool tells you the new address instead of following it; call the tool again with that address.`,
    object(
      {
        url: { type: 'string', format: 'uri', description: 'Address of the page to download' },
        prompt: stringProp('What to find out from the page'),
      },
      ['url', 'prompt'],
    ),
  ),
  tool(
    'todo_write',
    `Write the task list for this session. Each call replaces the whole list, so always send every item with its current status.

## When to keep a list
- The work has three or more steps, or several parts the user listed.
- The user asked for a plan or a checklist.
- New requirements arrive in the middle of the work: add them as items right away.

## When not to
- A single small change or a question that needs no action. A list with one item adds noise.

## Statuses
- pending: not started.
- in_progress: the one item you are working on now. Set it before you begin; never have two.
- completed: finished and checked. Mark it the moment it is true, not in a batch at the end.

An item whose tests fail, whose change is partial, or that is blocked stays in_progress; add a new item that names the blocker. Remove items that no longer apply instead of leaving them pending.`,
    object(
      {
        todos: {
          type: 'array',
          description: 'The complete list, in order',
          items: {
            type: 'object',
            properties: {
              content: { type: 'string', minLength: 1, description: 'What to do, as an instruction' },
              status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
              active_form: {
                type: 'string',
                minLength: 1,
                description:
                  'The same item as a present participle, shown while it runs, e.g. "Running the tests"',
              },
            },
            required: ['content', 'status', 'active_form'],
            additionalProperties: false,
          },
        },
      },
      ['todos'],
    ),
  ),
  tool(
    'bash_output',
    `Read what a background command started with the bash tool has printed since you last looked, together with whether it is still running and its exit code once it has stopped. A regular expression filter keeps only the matching lines; lines it drops cannot be read again.`,
    object(
      {
        shell_id: stringProp('The id that the bash tool returned when it started the background command'),
        filter: stringProp('Optional regular expression; only matching lines are returned'),
      },
      ['shell_id'],
    ),
  ),
  tool(
    'kill_shell',
    `Stop a background command that the bash tool started. Use it for dev servers and watchers you no longer need, and before you start a second copy of the same server on the same port. The shell id is the one bash returned when it started the command.`,
    object({ shell_id: stringProp('The id of the background command to stop') }, ['shell_id']),
  ),
  tool(
    'notebook_edit',
    `Change one cell of a Jupyter notebook (.ipynb file).
- notebook_path must be absolute.
- Cells are found by cell_id; read the notebook first to learn the ids.
- edit_mode "replace" (the default) swaps the source of the cell, "insert" adds a new cell after the given one (or at the start when cell_id is left out), and "delete" removes the cell.
- When you insert a cell, cell_type must say whether it holds code or Markdown.
- Outputs of a changed code cell are cleared; run the notebook again to refresh them.`,
    object(
      {
        notebook_path: stringProp('Absolute path of the notebook to change'),
        cell_id: stringProp('Id of the cell to change, or of the cell after which to insert'),
        new_source: stringProp('The new source text of the cell'),
        cell_type: {
          type: 'string',
          enum: ['code', 'markdown'],
          description: 'Kind of cell; required when inserting',
        },
        edit_mode: {
          type: 'string',
          enum: ['replace', 'insert', 'delete'],
          description: 'Whether to replace, insert or delete a cell; replace by default',
        },
      },
      ['notebook_path', 'new_source'],
    ),
  ),
  tool(
    'web_search',
    `Search the web and get back a list of results, each with a title, an address and a short extract.
- Use it for facts that change over time or that are newer than what you know: release notes, current versions of libraries, error messages from recent tools.
- Keep queries short and specific, the way a person would type them; add the library name and version when they matter.
- allowed_domains keeps only results from the listed sites, blocked_domains drops results from them; do not set both.
- Cite the addresses you used when you report what you found, so that the user can check them.
- Only available in some regions; when it is not, say so instead of guessing.`,
    object(
      {
        query: { type: 'string', minLength: 2, description: 'The search query' },
        allowed_domains: {
          type: 'array',
          items: { type: 'string' },
          description: 'Only include results from these domains',
        },
        blocked_domains: {
          type: 'array',
          items: { type: 'string' },
          description: 'Never include results from these domains',
        },
      },
      ['query'],
    ),
  ),
  tool(
    'ask_user',
    `Ask the user a question and wait for the answer. Use it sparingly: when a decision has real consequences and the request does not settle it, when two readings of the request lead to very different work, or when you need a secret or a choice that only the user can make. Offer the likely answers as options when there are a few, and put the one you would pick first. Do not use it to ask for permission to do what the user already asked for.`,
    object(
      {
        question: stringProp('One clear question, ending with a question mark'),
        options: {
          type: 'array',
          maxItems: 4,
          items: {
            type: 'object',
            properties: {
              label: stringProp('A short answer the user can pick'),
              description: stringProp('What happens if the user picks it'),
            },
            required: ['label'],
            additionalProperties: false,
          },
          description: 'Up to four likely answers; the user may still write a different one',
        },
      },
      ['question'],
    ),
  ),
  tool(
    'diagnostics',
    `Get the errors and warnings that the language server currently reports for a file, or for the whole project when no path is given. Each entry has the file, the line and column, the severity, the message and, when the server knows it, the rule or error code. Use it after an edit to catch type errors without running the full build, and before you report that a change is finished.`,
    object(
      {
        path: stringProp('Absolute path of a file; leave out to get diagnostics for every open file'),
        severity: {
          type: 'string',
          enum: ['error', 'warning', 'information', 'hint'],
          description: 'Only return entries at least this severe; default warning',
        },
      },
      [],
    ),
  ),
];
