// The per-scenario world for config journeys (CFG-002, CFG-005, CFG-013):
// a private temp directory for the files a scenario writes, the environment
// the token lookup sees, and the outcome of the last load through the real loader.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { After, Before, setWorldConstructor, World } from '@cucumber/cucumber';
import type { IWorldOptions } from '@cucumber/cucumber';
import { ConfigError, loadConfigFile, resolveApiToken } from '@llama-orch/contracts';
import type { ApiToken, LlorchConfig } from '@llama-orch/contracts';

export class ConfigWorld extends World {
  dir = '';
  /** Only what a scenario sets: the host's real LLORCH_API_TOKEN must not leak in. */
  env: NodeJS.ProcessEnv = {};
  config: LlorchConfig | undefined;
  error: ConfigError | undefined;
  token: ApiToken | null | undefined;

  constructor(options: IWorldOptions) {
    super(options);
  }

  async writeFile(name: string, text: string): Promise<string> {
    const file = join(this.dir, name);
    await writeFile(file, text);
    return file;
  }

  /** Loads through the public loader; a ConfigError is an outcome to assert on, anything else a bug. */
  async load(file: string): Promise<void> {
    this.config = undefined;
    this.error = undefined;
    try {
      this.config = await loadConfigFile(file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.error = error;
    }
  }

  async resolveToken(): Promise<void> {
    if (this.config === undefined) throw new Error(`the config did not load: ${this.error?.message ?? ''}`);
    this.token = await resolveApiToken(this.config, this.env);
  }
}

setWorldConstructor(ConfigWorld);

Before(async function (this: ConfigWorld) {
  this.dir = await mkdtemp(join(tmpdir(), 'llorch-bdd-'));
});

After(async function (this: ConfigWorld) {
  if (this.dir !== '') await rm(this.dir, { recursive: true, force: true });
});
