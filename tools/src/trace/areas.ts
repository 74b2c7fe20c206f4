// OC-014, OC-015: the requirement areas, one spec file each. The prefix list
// is what a citation scan looks for, so an ID-shaped string from another
// vocabulary (SHA-256, UTF-008) is never mistaken for a requirement.

export interface RequirementArea {
  /** The ID prefix, e.g. `CORE` in `CORE-012`. */
  prefix: string;
  /** The spec file (inside `.specs/`) that owns every ID with this prefix. */
  file: string;
  title: string;
}

export const REQUIREMENT_AREAS: readonly RequirementArea[] = [
  { prefix: 'OC', file: '00-llama-orch.md', title: 'overall product' },
  { prefix: 'HOME', file: '01-home-profile.md', title: 'home profile' },
  { prefix: 'CORE', file: '10-orchestrator-core.md', title: 'orchestrator-core' },
  { prefix: 'ORCHD', file: '20-orchestratord.md', title: 'orchestratord' },
  { prefix: 'POOL', file: '30-pool-managerd.md', title: 'pool-managerd' },
  { prefix: 'WA', file: '40-worker-adapters.md', title: 'worker-adapters' },
  { prefix: 'CLI', file: '50-cli.md', title: 'cli' },
  { prefix: 'CFG', file: '60-config.md', title: 'config' },
  { prefix: 'DET', file: '70-determinism.md', title: 'determinism' },
  { prefix: 'MET', file: '80-metrics.md', title: 'metrics and logs' },
];

export const REQUIREMENT_LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export type RequirementLevel = (typeof REQUIREMENT_LEVELS)[number];
