/**
 * `flotilla preview`: the Argo CD Applications the generated ApplicationSets
 * produce, and with --manifests the objects each one deploys — computed in
 * process from the fleet config, without Argo CD, a cluster or kustomize.
 */
import path from 'node:path';
import { ARGOCD_RELEASE } from '../../appset/argocd-release.ts';
import { type ApplicationFilter, filterApplications, type PreviewApplication, previewApplications } from '../../appset/fleet-applications.ts';
import { UserError } from '../../diagnostics.ts';
import { toYamlDocuments } from '../../emit/serialize.ts';
import { type ChartRenders, renderChartApplications } from '../../helm/chart-applications.ts';
import type { K8sObject } from '../../model/object.ts';
import { type BuiltFleet, buildApps, buildFleet } from '../../pipeline.ts';
import { applicationsJson, renderApplicationTable } from '../../preview/format-applications.ts';
import { manifestsOf } from '../../preview/manifests.ts';
import { checkFilter } from '../../preview/select.ts';
import type { Command, CommandIO } from '../args.ts';
import { UsageError } from '../args.ts';
import { chartRenderer, OFFLINE_USAGE } from '../chart-options.ts';
import { EXIT } from '../exit-codes.ts';

export const previewCommand: Command = {
  name: 'preview',
  usage: `Usage: flotilla preview [--cluster C] [--app A] [--env E] [--manifests] [--offline] [--format table|json|yaml] [--root DIR]

  --cluster C    only Applications on cluster C
  --app A        only app A (a Flotilla app, or an Application name)
  --env E        only environment E
  --manifests    print the rendered objects of the selected Applications (YAML), not the table;
                 Helm charts are rendered with helm template, as Argo CD does
${OFFLINE_USAGE}
  --format F     table (default) or json for the list; yaml (default) or json with --manifests
  --root DIR     fleet repository root (default: current directory)

Evaluates the generated ApplicationSets as Argo CD ${ARGOCD_RELEASE}'s ApplicationSet controller does, offline.`,
  options: {
    cluster: { type: 'string' },
    app: { type: 'string' },
    env: { type: 'string' },
    manifests: { type: 'boolean' },
    offline: { type: 'boolean' },
    format: { type: 'string' },
    root: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const format = (values.format as string | undefined) ?? (values.manifests ? 'yaml' : 'table');
    const allowed = values.manifests ? ['yaml', 'json'] : ['table', 'json'];
    if (!allowed.includes(format))
      throw new UsageError(`--format must be ${allowed.join(' or ')}${values.manifests ? ' with --manifests' : ''}\n\n${previewCommand.usage}`);
    const root = path.resolve(io.cwd, (values.root as string | undefined) ?? '.');
    const filter: ApplicationFilter = {
      cluster: values.cluster as string | undefined,
      app: values.app as string | undefined,
      env: values.env as string | undefined,
    };
    const built = await buildFor(root, filter.app);
    const preview = previewApplications(built.output.argocdObjects);
    checkFilter(filter, built.plan, preview.applications);
    const apps = filterApplications(preview.applications, filter);
    // On stderr, so the table and JSON on stdout stay machine-readable.
    io.err(`Applications as Argo CD ${ARGOCD_RELEASE}'s ApplicationSet controller generates them (evaluated offline).`);
    let chartErrors: string[] = [];
    if (values.manifests) {
      if (apps.length === 0) throw new UserError('no Application matches these filters');
      const charts = await renderChartApplications(apps, built, chartRenderer(values.offline, io));
      printManifests(apps, built.output.rendered, built.plan.repoUrl, charts, format, io);
      chartErrors = [...charts.values()].flatMap((c) => ('error' in c ? [c.error] : []));
    } else io.out(format === 'json' ? JSON.stringify(applicationsJson(apps), null, 2) : renderApplicationTable(apps));
    for (const e of chartErrors) io.err(e);
    if (chartErrors.length && !preview.errors.length)
      throw new UserError(`${chartErrors.length} chart Application${chartErrors.length === 1 ? '' : 's'} could not be rendered; the other objects are above`);
    if (preview.errors.length) {
      for (const e of preview.errors) io.err(`ApplicationSet ${e.appSet}: ${e.message}`);
      throw new UserError(
        `${preview.errors.length} problem${preview.errors.length === 1 ? '' : 's'} evaluating the generated ApplicationSets; Argo CD would not apply them`,
      );
    }
    return EXIT.ok;
  },
};

/**
 * One app of the fleet is rendered alone, with only its own ApplicationSet
 * entries: its Applications are those the whole fleet's ApplicationSets yield
 * for it (the generators' elements are independent of each other). Anything
 * else (an Application name, no --app) takes the whole fleet.
 */
async function buildFor(root: string, app: string | undefined): Promise<BuiltFleet> {
  if (app !== undefined) {
    const one = await buildApps(root, new Set([app]));
    if (one.plan.apps.some((a) => a.name === app)) return one;
  }
  return buildFleet(root);
}

function printManifests(
  apps: PreviewApplication[],
  rendered: ReadonlyMap<string, K8sObject[]>,
  repo: string,
  charts: ChartRenders,
  format: string,
  io: CommandIO,
): void {
  if (format === 'json') {
    io.out(
      JSON.stringify(
        apps.map((a) => ({ application: a.name, cluster: a.cluster, ...manifestsOf(a, rendered, repo, charts) })),
        null,
        2,
      ),
    );
    return;
  }
  const docs: string[] = [];
  for (const app of apps) {
    const m = manifestsOf(app, rendered, repo, charts);
    const notes = [`# Application ${app.name} on ${app.cluster}${m.paths.length ? ` (${m.paths.join(', ')})` : ''}: ${m.objects.length} objects`];
    for (const c of m.charts)
      notes.push(
        `# Helm chart ${c.chart} ${c.version} from ${c.repoURL}${c.valueFiles.length ? `, values ${c.valueFiles.join(', ')}` : ''}: ${m.chartError ? 'not rendered (see the error below)' : 'rendered by helm template'}`,
      );
    for (const u of m.unrendered) notes.push(`# ${u}: not rendered by Flotilla`);
    docs.push(`${notes.join('\n')}\n${m.objects.length ? toYamlDocuments(m.objects) : ''}`);
  }
  io.out(docs.join('---\n').trimEnd());
}
