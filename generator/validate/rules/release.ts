/**
 * Rejected versions: `flotilla promote` refuses them into any environment;
 * here, every run warns where one still runs, at the line that sets it, so
 * nobody forgets to roll it back.
 */
import { chartUses, imageUses, releaseKeyId, versionMatches } from '../../model/release.ts';
import type { Rule } from './context.ts';
import { fileLayer } from './context.ts';

export const releaseRules: Rule = (ctx) => {
  const envOf = new Map(ctx.fleet.clusters.map((c) => [c.name, c.spec.environment]));
  for (const app of ctx.fleet.apps) {
    const rejected = app.spec.rejected ?? [];
    if (rejected.length === 0) continue;
    const inApp = new Set<string>();
    const variants = [
      ...[...app.envBodies].map(([environment, body]) => ({ body, environment, cluster: undefined, layers: app.layers.get(`env:${environment}`)! })),
      ...[...app.clusterBodies].map(([cluster, body]) => ({ body, environment: envOf.get(cluster)!, cluster, layers: app.layers.get(`cluster:${cluster}`)! })),
    ];
    for (const v of variants) {
      const running = [
        ...imageUses(v.body).map((u) => ({ id: releaseKeyId({ kind: 'image', name: u.repository }), version: u.version ?? '', path: u.path })),
        ...chartUses(v.body).map((c) => ({ id: releaseKeyId({ kind: 'chart', name: c.name }), version: c.version ?? '', path: c.path })),
      ];
      for (const r of running) inApp.add(r.id);
      for (const entry of rejected) {
        const id = releaseKeyId(entry.image !== undefined ? { kind: 'image', name: entry.image } : { kind: 'chart', name: entry.chart! });
        for (const r of running) {
          if (r.id !== id || !versionMatches(entry.version, r.version)) continue;
          const [kind, name] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
          const release = app.spec.release?.[v.environment];
          const fromCluster = v.cluster && kind === 'image' && release?.clusters?.[v.cluster]?.images?.[name] !== undefined;
          const where = release
            ? { layers: fileLayer(app.parsed), path: ['release', v.environment, ...(fromCluster ? ['clusters', v.cluster!] : []), `${kind}s`, name] }
            : { layers: v.layers, path: r.path };
          ctx.warn(
            where.layers,
            where.path,
            `${kind} ${name} ${r.version} is rejected (${entry.reason}) and still runs in ${v.environment}`,
            `Roll it back: flotilla rollback ${app.name} --env ${v.environment}`,
          );
        }
      }
    }
    rejected.forEach((entry, i) => {
      const id = releaseKeyId(entry.image !== undefined ? { kind: 'image', name: entry.image } : { kind: 'chart', name: entry.chart! });
      if (inApp.has(id)) return;
      ctx.warn(
        fileLayer(app.parsed),
        ['rejected', i, entry.image !== undefined ? 'image' : 'chart'],
        `${entry.image ?? entry.chart} is not an ${entry.image !== undefined ? 'image' : 'chart'} of this app, so rejecting a version of it stops nothing`,
        'Correct the name (as in release.<env>), or remove the entry.',
      );
    });
  }
};
