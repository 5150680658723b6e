/** Why a chart could not be rendered, in words that name the chart; the caller adds the app and config line. */
export type ChartErrorKind =
  | 'unknown-chart'
  | 'unknown-version'
  | 'unreachable'
  | 'unauthorized'
  | 'digest-mismatch'
  | 'not-cached'
  | 'pull-failed'
  | 'template';

export class ChartError extends Error {
  constructor(
    readonly kind: ChartErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ChartError';
  }
}

/** Network failures as helm and Node report them. */
export function isUnreachable(text: string): boolean {
  return /connection refused|no such host|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|i\/o timeout|timed out|network is unreachable|ECONNRESET|dial tcp|fetch failed/i.test(
    text,
  );
}
