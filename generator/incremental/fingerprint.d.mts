import type { Hash } from 'node:crypto';

export function hashTree(hash: Hash, base: string, rel: string): void;
export function generatorFingerprint(toolRoot: string): string;
export function fingerprintNow(toolRoot: string): string;
