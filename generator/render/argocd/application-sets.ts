/**
 * One ApplicationSet per team (and one for its Helm charts): per environment,
 * a matrix of two static lists — that environment's clusters × the team's apps
 * there. Adding a cluster changes one element list per team; adding an app
 * changes its team's file. Safe by default: Applications are never deleted by
 * the controller when the lists shrink (create-update), resources are kept
 * when an Application goes, and the project is a literal, never templated.
 */
import { ANNOTATION, LABEL } from '../../model/names.ts';
import type { K8sObject } from '../../model/object.ts';
import type { AppPlan, FleetPlan, TeamPlan } from '../../plan/model.ts';
import { appElement, chartElements, clusterElement, clustersOf } from './elements.ts';

// No CreateNamespace: the platform project creates the namespaces (namespaces.ts); a team project may not.
export const SYNC_OPTIONS = ['ServerSideApply=true', 'PruneLast=true', 'FailOnSharedResource=true', 'RespectIgnoreDifferences=true'];
export const RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } };
export const APP_PATH_TEMPLATE = '{{ dig "clusterPaths" .cluster.name .app.path .app }}';
export const CHART_VALUES_TEMPLATE = '$values/{{ dig "clusterValuesFiles" .cluster.name .chart.valuesFile .chart }}';

/**
 * A value from the config written into a template field, rendered literally:
 * Argo CD runs every template string through Go's text/template, so `{{` is
 * written as the action {{"{{"}}, which prints it. (The config refuses { } in
 * these values already; this holds whatever reaches here.)
 */
export function templateLiteral(value: string): string {
  return value.replaceAll('{{', '{{"{{"}}');
}

export function renderApplicationSets(fleet: FleetPlan, team: TeamPlan): K8sObject[] {
  const apps = fleet.apps.filter((a) => a.team === team.name);
  const repoURL = templateLiteral(fleet.repoUrl);
  const targetRevision = templateLiteral(fleet.revision);
  const project = templateLiteral(team.name);
  if (apps.length === 0) return [];
  const out: K8sObject[] = [];
  const appGenerators = matrixPerEnvironment(fleet, apps, (a, env) => [appElement(a, env)]);
  if (appGenerators.length) {
    out.push(
      applicationSet(fleet, team, team.name, appGenerators, {
        metadata: { name: '{{.app.id}}-{{.cluster.id}}', labels: templateLabels(team, '{{.app.name}}') },
        spec: {
          project,
          source: { repoURL, targetRevision, path: APP_PATH_TEMPLATE },
          destination: { server: '{{.cluster.server}}', namespace: '{{.app.namespace}}' },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: SYNC_OPTIONS,
            retry: RETRY,
          },
        },
      }),
    );
  }
  const chartGenerators = matrixPerEnvironment(fleet, apps, chartElements);
  if (chartGenerators.length) {
    out.push(
      applicationSet(fleet, team, `${team.name}-charts`, chartGenerators, {
        metadata: { name: '{{.chart.id}}-{{.cluster.id}}', labels: templateLabels(team, '{{.chart.app}}') },
        spec: {
          project,
          sources: [
            {
              repoURL: '{{.chart.repoURL}}',
              chart: '{{.chart.chart}}',
              targetRevision: '{{.chart.version}}',
              helm: { releaseName: '{{.chart.release}}', valueFiles: [CHART_VALUES_TEMPLATE] },
            },
            { repoURL, targetRevision, ref: 'values' },
          ],
          destination: { server: '{{.cluster.server}}', namespace: '{{.chart.namespace}}' },
          // Chart releases hold data (databases, queues): never pruned without confirmation.
          syncPolicy: {
            automated: { prune: false, selfHeal: true },
            syncOptions: [...SYNC_OPTIONS.filter((o) => !o.startsWith('ServerSideApply')), 'Prune=confirm', 'Delete=confirm'],
            retry: RETRY,
          },
        },
      }),
    );
  }
  return out;
}

/** Per environment: that environment's clusters × the elements of the team's apps deployed there. */
function matrixPerEnvironment(fleet: FleetPlan, apps: AppPlan[], elementsOf: (app: AppPlan, env: string) => unknown[]): unknown[] {
  return fleet.environments.flatMap((env) => {
    const clusters = clustersOf(fleet, env.name);
    const elements = apps.filter((a) => a.envVariants.has(env.name)).flatMap((a) => elementsOf(a, env.name));
    if (!clusters.length || !elements.length) return [];
    return [{ matrix: { generators: [{ list: { elements: clusters.map(clusterElement) } }, { list: { elements } }] } }];
  });
}

function templateLabels(team: TeamPlan, app: string): Record<string, string> {
  return {
    [LABEL.team]: templateLiteral(team.name),
    [LABEL.environment]: '{{.cluster.environment}}',
    [LABEL.cluster]: '{{.cluster.name}}',
    [LABEL.region]: '{{.cluster.region}}',
    [LABEL.partOf]: app,
  };
}

function applicationSet(fleet: FleetPlan, team: TeamPlan, name: string, generators: unknown[], template: Record<string, unknown>): K8sObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: {
      name,
      namespace: fleet.argocdNamespace,
      labels: { [LABEL.team]: team.name, [LABEL.managedBy]: 'flotilla' },
      annotations: { [ANNOTATION.syncOptions]: 'Prune=confirm,Delete=confirm' },
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators,
      // create-update: a generator that shrinks (by mistake or outage) never deletes Applications;
      // deletions are explicit and go through Flotilla's deletion guard.
      syncPolicy: { applicationsSync: 'create-update', preserveResourcesOnDeletion: true },
      ...(fleet.progressive ? { strategy: rollingSync(fleet) } : {}),
      template,
    },
  };
}

function rollingSync(fleet: FleetPlan): Record<string, unknown> {
  return {
    type: 'RollingSync',
    rollingSync: {
      steps: fleet.environments.map((env) => ({ matchExpressions: [{ key: LABEL.environment, operator: 'In', values: [env.name] }] })),
    },
  };
}
