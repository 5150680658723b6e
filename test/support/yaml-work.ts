/**
 * Counts the work the `yaml` package does while a function runs, so tests can
 * bound the work an input costs (deterministically, unlike a stopwatch): how
 * many times the parser started, how many documents were composed, and how
 * many aliases were resolved (expanded).
 */
import { Alias, Composer, Parser } from 'yaml';

export interface YamlWork {
  parses: number;
  documents: number;
  aliasesResolved: number;
}

export function countYamlWork<T>(run: () => T): { result: T; work: YamlWork } {
  const work: YamlWork = { parses: 0, documents: 0, aliasesResolved: 0 };
  const parse = Parser.prototype.parse;
  const next = Composer.prototype.next;
  const resolve = Alias.prototype.resolve;
  Parser.prototype.parse = function (...args: Parameters<typeof parse>) {
    work.parses++;
    return parse.apply(this, args);
  };
  Composer.prototype.next = function (...args: Parameters<typeof next>) {
    if (args[0].type === 'document') work.documents++;
    return next.apply(this, args);
  };
  Alias.prototype.resolve = function (...args: Parameters<typeof resolve>) {
    work.aliasesResolved++;
    return resolve.apply(this, args);
  };
  try {
    return { result: run(), work };
  } finally {
    Parser.prototype.parse = parse;
    Composer.prototype.next = next;
    Alias.prototype.resolve = resolve;
  }
}
