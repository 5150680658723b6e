import type { Command } from '../args.ts';

/**
 * The commands by name and summary (enough for --help). A command's module, and
 * what it pulls in (git, GitHub, the preview renderer), loads only when it runs.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'generate',
    summary: 'Generate base/, overlays/ and argocd/ from fleet.yaml, apps/ and clusters/',
    load: async () => (await import('./generate.ts')).generateCommand,
  },
  {
    name: 'schema',
    summary: 'Write JSON Schema for fleet.yaml, apps/*.yaml and clusters/*.yaml (editor completion)',
    load: async () => (await import('./schema.ts')).schemaCommand,
  },
  {
    name: 'preview',
    summary: 'Show the Argo CD Applications (and with --manifests their objects) the fleet produces',
    load: async () => (await import('./preview.ts')).previewCommand,
  },
  {
    name: 'diff',
    summary: 'Show what changes on each cluster between a git revision and the working tree',
    load: async () => (await import('./diff.ts')).diffCommand,
  },
  {
    name: 'graph',
    summary: 'Draw the fleet (environments, clusters, apps, network edges) as a Mermaid diagram',
    load: async () => (await import('./graph.ts')).graphCommand,
  },
  {
    name: 'commit',
    summary: 'Generate, then commit exactly the generated changes (optionally push them)',
    load: async () => (await import('./commit.ts')).commitCommand,
  },
  {
    name: 'versions',
    summary: 'Show which version of each image and chart runs in each environment and cluster, since when, and what is pending',
    load: async () => (await import('./versions.ts')).versionsCommand,
  },
  {
    name: 'promote',
    summary: "Promote apps' release (image and chart versions) into the next environment, past its gates",
    load: async () => (await import('./promote.ts')).promoteCommand,
  },
  {
    name: 'rollback',
    summary: 'Put an environment back on the versions it ran before (from git history) and pin it',
    load: async () => (await import('./rollback.ts')).rollbackCommand,
  },
  {
    name: 'unpin',
    summary: 'Release a pin, so promote moves the environment again',
    load: async () => (await import('./unpin.ts')).unpinCommand,
  },
  {
    name: 'pr',
    summary: 'Generate the output for the base branch and open or update its GitHub pull request',
    load: async () => (await import('./pr.ts')).prCommand,
  },
];
