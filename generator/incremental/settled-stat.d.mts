export function settledBefore(): bigint;
export function settledStat(
  full: string,
  before: bigint,
  options?: { follow?: boolean },
): { key: string; settled: boolean; isFile: boolean; isDirectory: boolean } | undefined;
