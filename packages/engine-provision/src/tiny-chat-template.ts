// DET-010, DET-011: the chat template the tiny models carry. ChatML, plus the
// Hermes-style tool convention: tools listed as JSON in the system turn, each
// call rendered as <tool_call>{"name": …, "arguments": {…}}</tool_call> in the
// assistant turn, results in a `tool` turn. llama-server (--jinja) derives its
// tool-call parser by rendering this template with and without calls, so the
// rendering here is also the format the `tool` model must emit, byte for byte.

export const TOOL_CALL_OPEN = '<tool_call>';
export const TOOL_CALL_CLOSE = '</tool_call>';

// Whitespace: every piece of output is an expression with `-` trimming, so the
// layout below never leaks into the prompt. Content may be null (an assistant
// turn that only calls tools); only strings are printed.
const lines = [
  "{%- set ns = namespace(system='') -%}",
  "{%- if messages | length > 0 and messages[0].role == 'system' and messages[0].content is string -%}",
  '  {%- set ns.system = messages[0].content -%}',
  '{%- endif -%}',
  '{%- if tools -%}',
  "  {{- '<|im_start|>system\\n' -}}",
  "  {%- if ns.system -%}{{- ns.system + '\\n\\n' -}}{%- endif -%}",
  "  {{- 'You can call functions. Their JSON signatures are inside <tools></tools>:\\n<tools>' -}}",
  "  {%- for tool in tools -%}{{- '\\n' + (tool | tojson) -}}{%- endfor -%}",
  "  {{- '\\n</tools>\\nTo call one, reply with " +
    `${TOOL_CALL_OPEN}{"name": <function-name>, "arguments": <args-json-object>}${TOOL_CALL_CLOSE}` +
    "<|im_end|>\\n' -}}",
  '{%- elif ns.system -%}',
  "  {{- '<|im_start|>system\\n' + ns.system + '<|im_end|>\\n' -}}",
  '{%- endif -%}',
  '{%- for message in messages -%}',
  "  {%- if message.role == 'system' and loop.first -%}",
  "  {%- elif message.role == 'assistant' -%}",
  "    {{- '<|im_start|>assistant\\n' -}}",
  '    {%- if message.content is string -%}{{- message.content -}}{%- endif -%}',
  '    {%- if message.tool_calls -%}',
  '      {%- for tool_call in message.tool_calls -%}',
  '        {%- if tool_call.function is defined -%}{%- set tool_call = tool_call.function -%}{%- endif -%}',
  `        {{- '${TOOL_CALL_OPEN}{"name": ' + (tool_call.name | tojson) + ', "arguments": ' -}}`,
  '        {%- if tool_call.arguments is string -%}{{- tool_call.arguments -}}',
  '        {%- else -%}{{- tool_call.arguments | tojson -}}{%- endif -%}',
  `        {{- '}${TOOL_CALL_CLOSE}' -}}`,
  '      {%- endfor -%}',
  '    {%- endif -%}',
  "    {{- '<|im_end|>\\n' -}}",
  "  {%- elif message.role == 'tool' -%}",
  "    {{- '<|im_start|>tool\\n<tool_response>' -}}",
  '    {%- if message.content is string -%}{{- message.content -}}{%- endif -%}',
  "    {{- '</tool_response><|im_end|>\\n' -}}",
  '  {%- else -%}',
  "    {{- '<|im_start|>' + message.role + '\\n' -}}",
  '    {%- if message.content is string -%}{{- message.content -}}{%- endif -%}',
  "    {{- '<|im_end|>\\n' -}}",
  '  {%- endif -%}',
  '{%- endfor -%}',
  "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}",
];

/** ChatML with tools, tool calls and tool results, for llama.cpp's Jinja engine. */
export const CHATML_TOOLS_TEMPLATE = lines.join('\n');

/**
 * What the `tool` model answers to any prompt, piece by piece (then EOS): one
 * call in exactly the rendering above. Every piece is distinct because the
 * bigram head keys each step on the previous token alone.
 */
export const TOOL_REPLY_PIECES = [
  TOOL_CALL_OPEN,
  '{"name": "',
  'get_weather',
  '", "arguments": ',
  '{"city": "',
  'Paris',
  '"}}',
  TOOL_CALL_CLOSE,
] as const;

/** The text of that reply, which llama-server parses into one `get_weather` call. */
export const TOOL_REPLY = TOOL_REPLY_PIECES.join('');
