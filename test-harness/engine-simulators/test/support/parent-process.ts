// A stand-in test runner: starts one simulator, reports its pid, then idles until
// killed. Used to prove a simulator never outlives the process that started it.
import { startSimulator } from '../../src/index.js';

const sim = await startSimulator({ protocol: 'vllm' });
process.stdout.write(`${JSON.stringify({ pid: sim.pid })}\n`);
setInterval(() => undefined, 60_000);
