/**
 * `flotilla preview`: the Argo CD Applications the generated ApplicationSets
 * produce, and with --manifests the objects each one deploys — computed in
 * process from the fleet config, without Argo CD, a cluster or kustomize.
 */
import path from 'node:path';
import { UserError } from '../../diagnostics.ts';
import { toYamlDocuments } from '../../emit/serialize.ts';
import type { K8sObject } from '../../model/object.ts';
import { buildFleet } from '../../pipeline.ts';
import { type ApplicationFilter, filterApplications, type PreviewApplication, previewApplications } from '../../preview/applications.ts';
import { applicationsJson, renderApplicationTable } from '../../preview/format-applications.ts';
import { manifestsOf } from '../../preview/manifests.ts';
import { checkFilter } from '../../preview/select.ts';
import type { Command, CommandIO } from '../args.ts';
import { UsageError } from '../args.ts';
import { EXIT } from '../exit-codes.ts';

export const previewCommand: Command = {
  name: 'preview',
  usage: `Usage: flotilla preview [--cluster C] [--app A] [--env E] [--manifests] [--format table|json|yaml] [--root DIR]

  --cluster C    only Applications on cluster C
  --app A        only app A (a Flotilla app, or an Application name)
  --env E        only environment E
  --manifests    print the rendered objects of the selected Applications (YAML), not the table;
                 Helm chart sources are listed, not rendered
  --format F     table (default) or json for the list; yaml (default) or json with --manifests
  --root DIR     fleet repository root (default: current directory)

Evaluates the generated ApplicationSets as Argo CD's ApplicationSet controller does, offline.`,
  options: {
    cluster: { type: 'string' },
    app: { type: 'string' },
    env: { type: 'string' },
    manifests: { type: 'boolean' },
    format: { type: 'string' },
    root: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const format = (values.format as string | undefined) ?? (values.manifests ? 'yaml' : 'table');
    const allowed = values.manifests ? ['yaml', 'json'] : ['table', 'json'];
    if (!allowed.includes(format))
      throw new UsageError(`--format must be ${allowed.join(' or ')}${values.manifests ? ' with --manifests' : ''}\n\n${previewCommand.usage}`);
    const root = path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
    const built = await buildFleet(root);
    const preview = previewApplications(built.output.argocdObjects);
    const filter: ApplicationFilter = {
      cluster: values.cluster as string | undefined,
      app: values.app as string | undefined,
      env: values.env as string | undefined,
    };
    checkFilter(filter, built.plan, preview.applications);
    const apps = filterApplications(preview.applications, filter);
    if (values.manifests) printManifests(apps, built.output.rendered, built.plan.repoUrl, format, io);
    else io.out(format === 'json' ? JSON.stringify(applicationsJson(apps), null, 2) : renderApplicationTable(apps));
    if (preview.errors.length) {
      for (const e of preview.errors) io.err(`ApplicationSet ${e.appSet}: ${e.message}`);
      throw new UserError(
        `${preview.errors.length} problem${preview.errors.length === 1 ? '' : 's'} evaluating the generated ApplicationSets; Argo CD would not apply them`,
      );
    }
    return EXIT.ok;
  },
};

function printManifests(apps: PreviewApplication[], rendered: ReadonlyMap<string, K8sObject[]>, repo: string, format: string, io: CommandIO): void {
  if (apps.length === 0) throw new UserError('no Application matches these filters');
  if (format === 'json') {
    io.out(
      JSON.stringify(
        apps.map((a) => ({ application: a.name, cluster: a.cluster, ...manifestsOf(a, rendered, repo) })),
        null,
        2,
      ),
    );
    return;
  }
  const docs: string[] = [];
  for (const app of apps) {
    const m = manifestsOf(app, rendered, repo);
    const notes = [`# Application ${app.name} on ${app.cluster}${m.paths.length ? ` (${m.paths.join(', ')})` : ''}: ${m.objects.length} objects`];
    for (const c of m.charts)
      notes.push(
        `# Helm chart ${c.chart} ${c.version} from ${c.repoURL}${c.valueFiles.length ? `, values ${c.valueFiles.join(', ')}` : ''}: not rendered (Helm rendering is out of scope)`,
      );
    for (const u of m.unrendered) notes.push(`# ${u}: not rendered by Flotilla`);
    docs.push(`${notes.join('\n')}\n${m.objects.length ? toYamlDocuments(m.objects) : ''}`);
  }
  io.out(docs.join('---\n').trimEnd());
}
