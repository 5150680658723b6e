/**
 * Where a run's time goes: reads a V8 CPU profile (`node --cpu-prof`) and sums
 * self time by pipeline stage (the generator/ folder a function lives in, or
 * the library, or V8's own work: GC, the compiler, idle) and by function.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/flotilla.js generate --root <fleet>
 *   tsx scripts/bench/profile-summary.ts /tmp/prof/<file>.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  byStage: [string, number][];
  byFunction: [string, number][];
  /** Time with a function anywhere on the stack (each sample counted once per function). */
  inclusive: [string, number][];
}

/**
 * The stage of a call frame. In the bundled CLI every frame has the bundle's URL, so the
 * stage comes from the function name where it is distinctive, else "flotilla (bundled)".
 */
export function stageOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)' || functionName === '(program)') return `V8 ${functionName}`;
    return `native: ${functionName || '(anonymous)'}`;
  }
  const generator = url.match(/\/generator\/([a-z-]+)\//);
  if (generator) return generator[1];
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return `package ${pkg[1]}`;
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/')[0]}`;
  return url.includes('flotilla') ? 'flotilla (bundled)' : url;
}

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const stages = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const stage = stageOf(frame);
    stages.set(stage, (stages.get(stage) ?? 0) + us);
    const where = frame.url ? `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, us / 1000] as [string, number]);
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    byStage: sorted(stages),
    byFunction: sorted(functions).slice(0, top),
    inclusive: sorted(inclusiveTimes(profile, byId, selfUs)).slice(0, top),
  };
}

/** Per function name, the samples with it on the stack: what a stage costs with everything it calls. */
function inclusiveTimes(profile: CpuProfile, byId: Map<number, ProfileNode>, selfUs: Map<number, number>): Map<string, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)!.callFrame.functionName;
      if (!name || name.startsWith('(') || seen.has(name)) continue;
      seen.add(name);
      totals.set(name, (totals.get(name) ?? 0) + us);
    }
  }
  return totals;
}

export function formatProfile(s: ProfileSummary): string {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1)}%`.padStart(6);
  const lines = [`profile: ${(s.totalMs / 1000).toFixed(2)} s`, 'by stage (self time):'];
  for (const [stage, ms] of s.byStage) if (ms >= s.totalMs / 500) lines.push(`  ${pct(ms)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${stage}`);
  lines.push('top functions (self time):');
  for (const [fn, ms] of s.byFunction) lines.push(`  ${pct(ms)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${fn}`);
  lines.push('top functions (inclusive: with what they call):');
  for (const [fn, ms] of s.inclusive) lines.push(`  ${pct(ms)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${fn}`);
  return lines.join('\n');
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  if (positionals.length !== 1) throw new Error('usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [--top N]');
  process.stdout.write(`${formatProfile(summarizeProfile(JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile, Number(values.top)))}\n`);
}
