import type { Command } from '../args.ts';
import { generateCommand } from './generate.ts';
import { schemaCommand } from './schema.ts';

export const COMMANDS: Command[] = [generateCommand, schemaCommand];
