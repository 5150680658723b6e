#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx flotilla` works in the repo without a build step.
import { register } from 'tsx/esm/api';
register();
const { runCli } = await import('../generator/cli/main.ts');
const io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`), cwd: process.cwd(), env: process.env, isTTY: Boolean(process.stdout.isTTY) };
process.exitCode = await runCli(process.argv.slice(2), io);
