#!/usr/bin/env node
// `llorch` without a build step: register tsx's loader in this process and
// load the TypeScript entry, so Ctrl-C reaches the CLI directly (no child).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
