import type { Command } from '../args.ts';
import { generateCommand } from './generate.ts';
import { schemaCommand } from './schema.ts';
import { commitCommand } from './commit.ts';
import { prCommand } from './pr.ts';
import { previewCommand } from './preview.ts';
import { diffCommand } from './diff.ts';
import { graphCommand } from './graph.ts';

export const COMMANDS: Command[] = [generateCommand, schemaCommand, previewCommand, diffCommand, graphCommand, commitCommand, prCommand];
