/** `flotilla graph`: the fleet (environments, clusters, apps, components, network edges) as a Mermaid diagram. */
import path from 'node:path';
import { previewApplications } from '../../appset/fleet-applications.ts';
import { buildFleet } from '../../pipeline.ts';
import { renderMermaid } from '../../preview/graph.ts';
import { checkFilter } from '../../preview/select.ts';
import { type Command, UsageError } from '../args.ts';
import { EXIT } from '../exit-codes.ts';

export const graphCommand: Command = {
  name: 'graph',
  usage: `Usage: flotilla graph [--env E] [--app A] [--format mermaid|markdown] [--root DIR]

  --env E        only environment E (its clusters, and the apps deployed there)
  --app A        only app A
  --format F     mermaid (default: paste into https://mermaid.live or a .mmd viewer) or
                 markdown (a \`\`\`mermaid block GitHub renders in a PR or README)
  --root DIR     fleet repository root (default: current directory)`,
  options: { env: { type: 'string' }, app: { type: 'string' }, format: { type: 'string' }, root: { type: 'string' } },
  async run(values, _positionals, io) {
    const format = (values.format as string | undefined) ?? 'mermaid';
    if (format !== 'mermaid' && format !== 'markdown') throw new UsageError(`--format must be mermaid or markdown\n\n${graphCommand.usage}`);
    const root = path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
    const built = await buildFleet(root);
    const filter = { env: values.env as string | undefined, app: values.app as string | undefined };
    checkFilter(filter, built.plan, previewApplications(built.output.argocdObjects).applications);
    const mermaid = renderMermaid(built, filter);
    io.out(format === 'markdown' ? `\`\`\`mermaid\n${mermaid}\n\`\`\`` : mermaid);
    return EXIT.ok;
  },
};
