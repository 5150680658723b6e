/**
 * Diagnostics are the user-facing language of Flotilla's errors: every config
 * problem carries a file position, the field path, what was expected and, where
 * obvious, a fix. Stages collect them and fail once, sorted.
 */
export interface SourcePosition {
  file: string; // repo-relative, forward slashes
  line: number; // 1-based
  column: number; // 1-based
}

export interface Diagnostic extends SourcePosition {
  /** Dotted field path inside the file, e.g. `components.web.replicas`. Empty for whole-file problems. */
  path: string;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  const field = d.path ? ` ${d.path}:` : '';
  const hint = d.hint ? ` ${d.hint}` : '';
  const level = d.severity === 'warning' ? ' warning:' : '';
  return `${where}${level}${field} ${d.message}${hint}`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.path, b.path) || compareStrings(a.message, b.message);
}

/** Locale-independent ordering: output must not depend on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A problem the user can fix; the CLI prints its diagnostics and exits 1 without a stack. */
export class FleetConfigError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    // An error in an app's base shows up in every environment variant: report it once.
    const unique = new Map(diagnostics.map((d) => [`${d.severity} ${formatDiagnostic(d)}`, d]));
    const sorted = [...unique.values()].sort(compareDiagnostics);
    const errors = sorted.filter((d) => d.severity === 'error').length;
    super(`${errors} error${errors === 1 ? '' : 's'} in the fleet config`);
    this.name = 'FleetConfigError';
    this.diagnostics = sorted;
  }
}

/** `fn` of every item; the config errors of all items are thrown together, after the last (one run reports every app's). */
export function mapCollectingErrors<T, R>(items: Iterable<T>, fn: (item: T) => R): R[] {
  const out: R[] = [];
  const problems: Diagnostic[] = [];
  for (const item of items) {
    try {
      out.push(fn(item));
    } catch (error) {
      if (!(error instanceof FleetConfigError)) throw error;
      problems.push(...error.diagnostics);
    }
  }
  if (problems.length > 0) throw new FleetConfigError(problems);
  return out;
}

/** Any other user-facing failure (bad CLI arguments, stale output, refused deletion). */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** Collects diagnostics across a stage, then throws once if any is an error. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  add(d: Diagnostic): void {
    this.items.push(d);
  }
  error(pos: SourcePosition, path: string, message: string, hint?: string): void {
    this.items.push({ ...pos, path, message, hint, severity: 'error' });
  }
  warn(pos: SourcePosition, path: string, message: string, hint?: string): void {
    this.items.push({ ...pos, path, message, hint, severity: 'warning' });
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
  throwIfErrors(): void {
    if (this.hasErrors) throw new FleetConfigError(this.items);
  }
  warnings(): Diagnostic[] {
    const unique = new Map(this.items.filter((d) => d.severity === 'warning').map((d) => [formatDiagnostic(d), d]));
    return [...unique.values()].sort(compareDiagnostics);
  }
}
