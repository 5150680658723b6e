/**
 * Renders charts with the real helm: archives from the chart cache, one
 * `helm template` per distinct input, and the output cached by (chart digest,
 * values, release, namespace, Kubernetes version, API versions, flags, helm
 * version) — so a second run with unchanged charts starts no helm process.
 * Templates run side by side up to the number of cores (helm is CPU-bound);
 * identical inputs (two clusters of one environment) render once.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../diagnostics.ts';
import type { K8sObject } from '../model/object.ts';
import { writeFileAtomic } from './cache-files.ts';
import { ChartCache } from './chart-cache.ts';
import { ChartError } from './chart-error.ts';
import { type ChartRef, describeChart } from './chart-ref.ts';
import { findHelm, type HelmBinary } from './helm-binary.ts';
import { Limiter } from './limit.ts';
import { type Env, helmEnvironment, runHelm, withPrivateDir } from './run-helm.ts';
import { parseTemplateOutput, type TemplateInputs, templateArgs } from './template.ts';

export { ChartError } from './chart-error.ts';
export type { ChartRef } from './chart-ref.ts';
export type { TemplateInputs } from './template.ts';

export interface ChartRequest {
  ref: ChartRef;
  inputs: TemplateInputs;
}

export type ChartOutcome = { objects: K8sObject[] } | { error: ChartError };

export interface ChartRendererOptions {
  /** Default: the tool's node_modules/.cache/flotilla/helm, or FLOTILLA_CACHE_DIR/helm. */
  cacheDir?: string;
  offline?: boolean;
  env?: Env;
}

const FORMAT = 1;
const TOOL_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function defaultCacheDir(env: Env): string {
  return path.join(env.FLOTILLA_CACHE_DIR || path.join(TOOL_ROOT, 'node_modules', '.cache', 'flotilla'), 'helm');
}

export class ChartRenderer {
  readonly cacheDir: string;
  readonly offline: boolean;
  private readonly env: Env;
  private readonly charts: ChartCache;
  private helmBinary?: Promise<HelmBinary>;
  private readonly renders = new Map<string, Promise<K8sObject[]>>();
  private readonly processes = new Limiter(availableParallelism());
  /** `helm template` runs of this renderer (a render served from the cache is not one). */
  templates = 0;

  constructor(options: ChartRendererOptions = {}) {
    this.env = options.env ?? process.env;
    this.cacheDir = options.cacheDir ?? defaultCacheDir(this.env);
    this.offline = options.offline ?? false;
    this.charts = new ChartCache({ dir: this.cacheDir, offline: this.offline, env: this.env, helm: async () => (await this.helm()).path });
  }

  get pulls(): number {
    return this.charts.pulls;
  }

  async render(requests: readonly ChartRequest[]): Promise<ChartOutcome[]> {
    return withPrivateDir((scratch) =>
      Promise.all(
        requests.map(async (request): Promise<ChartOutcome> => {
          try {
            return { objects: await this.renderOne(request, scratch) };
          } catch (error) {
            if (error instanceof ChartError) return { error };
            if (error instanceof UserError) return { error: new ChartError('template', error.message) };
            throw error;
          }
        }),
      ),
    );
  }

  private helm(): Promise<HelmBinary> {
    this.helmBinary ??= findHelm(this.env, this.cacheDir);
    return this.helmBinary;
  }

  private async renderOne({ ref, inputs }: ChartRequest, scratch: string): Promise<K8sObject[]> {
    const chart = await this.charts.get(ref);
    const helm = await this.helm();
    const key = renderKey(helm.version, chart.digest, inputs);
    let p = this.renders.get(key);
    if (!p) {
      p = this.template(ref, chart.archive, inputs, key, helm, scratch);
      this.renders.set(key, p);
    }
    return structuredClone(await p);
  }

  private async template(ref: ChartRef, archive: string, inputs: TemplateInputs, key: string, helm: HelmBinary, scratch: string): Promise<K8sObject[]> {
    const file = path.join(this.cacheDir, 'renders', `${key}.yaml`);
    const cached = await readFile(file, 'utf8').catch(() => undefined);
    if (cached !== undefined) return parseTemplateOutput(cached);
    const valueFiles = await Promise.all(
      inputs.values.map(async (v, i) => {
        const f = path.join(scratch, `${key}-${i}.yaml`);
        await writeFile(f, v.content, { mode: 0o600 });
        return f;
      }),
    );
    const result = await this.processes.run(() => {
      this.templates++;
      return runHelm(helm.path, templateArgs(archive, inputs, valueFiles), helmEnvironment(this.env, path.join(scratch, 'home')), 120_000);
    });
    if (result.code !== 0) {
      const named = valueFiles
        .reduce((text, f, i) => text.split(f).join(inputs.values[i]!.name), result.stderr)
        .split(archive)
        .join(ref.chart);
      const message = named
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !/^Use --debug flag/.test(l))
        .join(' ')
        .replace(/^Error: /, '');
      throw new ChartError('template', `helm template of ${describeChart(ref)} failed: ${message}`);
    }
    const objects = parseTemplateOutput(result.stdout);
    await writeFileAtomic(file, result.stdout);
    return objects;
  }
}

function renderKey(helmVersion: string, digest: string, inputs: TemplateInputs): string {
  const values = inputs.values.map((v) => createHash('sha256').update(v.content).digest('hex'));
  const key = [
    FORMAT,
    helmVersion,
    digest,
    inputs.releaseName,
    inputs.namespace,
    inputs.kubeVersion ?? '',
    inputs.apiVersions,
    values,
    inputs.includeCrds,
    inputs.skipTests,
    inputs.skipSchemaValidation,
  ];
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 40);
}
