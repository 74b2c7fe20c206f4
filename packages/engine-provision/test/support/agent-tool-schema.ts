// The shape of one function tool in the synthetic coding-agent request and
// small builders for its JSON-schema parameters (see agent-tools.ts).
export interface AgentTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export const stringProp = (description: string) => ({ type: 'string', description });
export const numberProp = (description: string) => ({ type: 'number', description });
export const boolProp = (description: string) => ({ type: 'boolean', description });

export const object = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  $schema: 'http://json-schema.org/draft-07/schema#',
});

export const tool = (name: string, description: string, parameters: Record<string, unknown>): AgentTool => ({
  type: 'function',
  function: { name, description, parameters },
});
