/**
 * Errors worded like Go's text/template, so messages match what Argo CD reports
 * (its templates are clones of one named "base").
 */
const NAME = 'base';

export class TemplateError extends Error {
  constructor(line: number, message: string) {
    super(`template: ${NAME}:${line}: ${message}`);
    this.name = 'TemplateError';
  }
}

export class ExecError extends Error {
  constructor(location: string, node: string, message: string) {
    super(`template: ${NAME}:${location}: executing "${NAME}" at <${node}>: ${message}`);
    this.name = 'ExecError';
  }
}

/** Go's ErrorContext: the 1-based line and the 0-based byte column of `pos`. */
export function locationOf(src: string, pos: number): string {
  const before = src.slice(0, pos);
  const lastNewline = before.lastIndexOf('\n');
  const line = 1 + (before.match(/\n/g)?.length ?? 0);
  const column = lastNewline === -1 ? pos : pos - lastNewline - 1;
  return `${line}:${Buffer.byteLength(before.slice(before.length - column))}`;
}
