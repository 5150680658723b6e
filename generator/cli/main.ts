#!/usr/bin/env node
/**
 * The CLI entry, and its one catch: a user error (already explained) exits 1
 * with its message; anything else is a bug and says so, with the stack.
 */
import { FleetConfigError, formatDiagnostic, UserError } from '../diagnostics.ts';
import { type CommandIO, parseCommandArgs, UsageError } from './args.ts';
import { COMMANDS, type CommandEntry } from './commands/index.ts';
import { EXIT } from './exit-codes.ts';

export function usage(commands: CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: flotilla <command> [options]\n\nCommands:\n${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}\n\nRun flotilla <command> --help for a command's options.\nExit codes: 0 ok, 1 config or user error, 2 usage error, 3 stale output (--check), 4 deletions refused, 5 promotion gate refused, 70 internal error.`;
}

export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage(COMMANDS));
    return name ? EXIT.ok : EXIT.usage;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.err(`unknown command "${name}"\n\n${usage(COMMANDS)}`);
    return EXIT.usage;
  }
  try {
    const cmd = await entry.load();
    const { values, positionals, help } = parseCommandArgs(cmd, rest);
    if (help) {
      io.out(`${entry.summary}\n\n${cmd.usage}`);
      return EXIT.ok;
    }
    return await cmd.run(values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return EXIT.usage;
    }
    if (error instanceof FleetConfigError) {
      for (const d of error.diagnostics) io.err(formatDiagnostic(d));
      io.err(`\n${error.message}; nothing was written.`);
      return EXIT.userError;
    }
    if (error instanceof UserError) {
      io.err(`error: ${error.message}`);
      return (error as UserError & { exitCode?: number }).exitCode ?? EXIT.userError;
    }
    io.err(`internal error: this is a bug in Flotilla; please report it with the output below.\n${(error as Error)?.stack ?? String(error)}`);
    return EXIT.internal;
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const io: CommandIO = {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
  runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
