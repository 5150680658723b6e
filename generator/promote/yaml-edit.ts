/**
 * Edits a YAML config file in place, touching only the values it changes.
 *
 * The file is parsed into `yaml`'s concrete syntax tree (every byte of the
 * source is a token: comments, spaces, quotes, line breaks) and composed into
 * a Document whose nodes point at their tokens. An edit changes tokens: a
 * scalar's text (in the quoting style it had), a mapping's items (a new pair
 * parsed from a snippet at the right indentation, or a pair removed). The
 * file is then the tokens written back out — never re-serialized — so
 * comments, key order, flow maps, block scalars, quoting and CRLF line breaks
 * outside the edited values stay byte for byte. After the edits the new text
 * is parsed again and must hold exactly the intended data.
 */
import { Composer, CST, type Document, isMap, isPair, isScalar, type Node, type Pair, Parser, parse, type Scalar, type YAMLMap } from 'yaml';
import { yaml11Hazard } from '../load/yaml-hazards.ts';

type Path = readonly string[];
type MapToken = CST.BlockMap | CST.FlowCollection;

export class YamlEditError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'YamlEditError';
  }
}

export class YamlFileEditor {
  private readonly tokens: CST.Token[];
  private doc: Document.Parsed;
  private readonly expected: unknown;
  private readonly newline: string;
  private changed = false;

  constructor(
    readonly file: string,
    readonly original: string,
  ) {
    this.tokens = [...new Parser().parse(original)];
    const docs = [...new Composer({ keepSourceTokens: true }).compose(this.tokens)];
    if (docs.length !== 1 || docs[0]!.errors.length > 0) throw new YamlEditError(file, 'cannot edit: not a single valid YAML document');
    this.doc = docs[0]!;
    if (!isMap(this.doc.contents)) throw new YamlEditError(file, 'cannot edit: the top of the file is not a mapping');
    this.expected = this.doc.toJS({ maxAliasCount: 0 });
    this.newline = original.includes('\r\n') ? '\r\n' : '\n';
  }

  /** The value at a path (strings only; anything else is undefined). */
  get(path: Path): string | undefined {
    const node = this.doc.getIn(path as string[], true) as Node | undefined;
    return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  }

  /** Sets a string value, creating the mappings on the way where they are missing (a new key goes last, or `first`). */
  set(path: Path, value: string, options: { first?: boolean } = {}): void {
    const current = this.doc.getIn(path as string[], true) as Node | undefined;
    if (current !== undefined) {
      if (!isScalar(current) || !current.srcToken) throw new YamlEditError(this.file, `cannot set ${path.join('.')}: it is not a plain value`);
      if (current.value === value) return;
      CST.setScalarValue(current.srcToken, value, { type: scalarStyle(current, value) });
    } else {
      const { map, rest } = this.deepestMap(path);
      this.insert(map, rest, value, options.first ?? false);
    }
    setIn(this.expected, path, value, options.first ?? false);
    this.recompose();
  }

  /**
   * Removes the key at `path`, and then each enclosing mapping that became
   * empty, up to (not including) `keep` levels from the top.
   */
  delete(path: Path, keep = 1): void {
    if (this.doc.getIn(path as string[], true) === undefined) return;
    let target = [...path];
    while (target.length > keep) {
      const parentPath = target.slice(0, -1);
      const parent = (parentPath.length ? this.doc.getIn(parentPath, true) : this.doc.contents) as YAMLMap;
      if (parent.items.length > 1 || target.length - 1 <= keep) break;
      target = parentPath; // the only key: remove the mapping with it
    }
    const parentPath = target.slice(0, -1);
    const parent = (parentPath.length ? this.doc.getIn(parentPath, true) : this.doc.contents) as YAMLMap;
    const index = parent.items.findIndex((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === target[target.length - 1]);
    this.removeItem(parent, index);
    deleteIn(this.expected, target);
    this.recompose();
  }

  get dirty(): boolean {
    return this.changed;
  }

  /** The edited file; throws if the text does not hold exactly the intended data. */
  toString(): string {
    const text = this.tokens.map((t) => CST.stringify(t)).join('');
    const reread = parse(text, { maxAliasCount: 0 });
    if (JSON.stringify(reread) !== JSON.stringify(this.expected)) {
      throw new YamlEditError(this.file, 'internal error: the edited file does not read back as intended; nothing was written');
    }
    return text;
  }

  private recompose(): void {
    this.changed = true;
    // Token offsets are stale after an edit; a fresh parse of the current text keeps later lookups exact.
    const text = this.tokens.map((t) => CST.stringify(t)).join('');
    this.tokens.splice(0, this.tokens.length, ...new Parser().parse(text));
    this.doc = [...new Composer({ keepSourceTokens: true }).compose(this.tokens)][0]!;
  }

  private deepestMap(path: Path): { map: YAMLMap; rest: string[] } {
    let map = this.doc.contents as YAMLMap;
    for (let i = 0; i < path.length; i++) {
      const child = map.get(path[i], true) as Node | undefined;
      if (child === undefined) return { map, rest: path.slice(i) };
      if (!isMap(child)) throw new YamlEditError(this.file, `cannot set ${path.join('.')}: ${path.slice(0, i + 1).join('.')} is not a mapping`);
      map = child;
    }
    throw new YamlEditError(this.file, `cannot set ${path.join('.')}: it is a mapping`);
  }

  /** Adds `rest` (keys, then the value) as a new last (or first) pair of `map`, in the map's own style. */
  private insert(map: YAMLMap, rest: string[], value: string, first: boolean): void {
    const token = map.srcToken as MapToken | undefined;
    if (!token) throw new YamlEditError(this.file, 'cannot edit a mapping without source');
    if (token.type === 'flow-collection') {
      const item = parsedItem(`{ ${flowPair(rest, value)} }`);
      takeTrailingSpace(item);
      const items = token.items;
      if (items.length > 0) {
        const last = items[items.length - 1]!;
        // Trailing space before "}" moves behind the new pair; a comma goes in front of it.
        const trailing = takeTrailingSpace(last);
        item.start = [tok('comma', ','), tok('space', ' ')];
        attachEnd(item, trailing ?? []);
      } else {
        item.start = [tok('space', ' ')];
        attachEnd(item, [tok('space', ' ')]);
      }
      items.push(item);
      return;
    }
    const indent = ' '.repeat(token.indent);
    const item = parsedItem(blockPair(rest, value, token.indent, this.newline));
    if (first && token.items.length > 0) {
      // The first pair's indentation belongs to the line before; the old first pair gets its own.
      const old = token.items[0]!;
      old.start = [...old.start, tok('space', indent)];
      token.items.unshift(item as CST.BlockMap['items'][number]);
      return;
    }
    const last = token.items[token.items.length - 1];
    const lastText = last ? itemSource(last) : '';
    item.start = lastText.endsWith('\n') ? [tok('space', indent)] : [tok('newline', this.newline), tok('space', indent)];
    if (!lastText.endsWith('\n')) stripFinalNewline(item);
    token.items.push(item as CST.BlockMap['items'][number]);
  }

  private removeItem(map: YAMLMap, index: number): void {
    const token = map.srcToken as MapToken;
    const items = token.items;
    const removed = items[index]!;
    if (token.type === 'flow-collection') {
      const next = items[index + 1];
      if (index === 0 && next)
        next.start = removed.start; // the next pair takes the place (and no leading comma)
      else if (!next && index > 0) attachEnd(items[index - 1]!, takeTrailingSpace(removed) ?? []);
      items.splice(index, 1);
      return;
    }
    // Comment lines above the pair stay: nothing a person wrote is lost.
    const lastBreak = removed.start.map((t) => t.type).lastIndexOf('newline');
    const comments = removed.start.slice(0, lastBreak + 1);
    const next = items[index + 1];
    if (index === 0 && next) {
      // The first pair's indentation belongs to the line before it; the next pair now starts there.
      const [first, ...rest] = next.start;
      next.start = [...comments, ...(first?.type === 'space' && comments.length === 0 ? rest : next.start)];
      items.splice(index, 1);
    } else if (comments.length > 0) items.splice(index, 1, { start: comments });
    else items.splice(index, 1);
    if (!items.some((i) => i.key !== undefined)) throw new YamlEditError(this.file, 'internal error: a block mapping would be left empty');
  }
}

/** The quoting style a new value keeps: the old one where it can hold the value, plain only where plain reads back as this string. */
function scalarStyle(node: Scalar, value: string): Scalar.Type {
  const type = node.type ?? 'PLAIN';
  if (type === 'PLAIN') return plainSafe(value) ? 'PLAIN' : 'QUOTE_DOUBLE';
  if (type === 'QUOTE_SINGLE' && /[\n\r]/.test(value)) return 'QUOTE_DOUBLE';
  return type;
}

/** Plain text that YAML 1.2 and 1.1 tools both read as exactly this string. */
function plainSafe(value: string): boolean {
  if (!/^[A-Za-z0-9_./@+-][A-Za-z0-9_./@:+-]*$/.test(value)) return false;
  if (yaml11Hazard(value)) return false;
  // Numbers, booleans, null, dates: anything YAML 1.2 or 1.1 reads as other than this string.
  try {
    return parse(`k: ${value}`)?.k === value && parse(value, { version: '1.1' }) === value;
  } catch {
    return false;
  }
}

function text(value: string): string {
  return plainSafe(value) ? value : JSON.stringify(value);
}

function blockPair(rest: string[], value: string, indent: number, newline: string): string {
  const lines: string[] = [];
  rest.forEach((key, i) => {
    const pad = ' '.repeat(indent + 2 * i);
    lines.push(i === rest.length - 1 ? `${pad}${text(key)}: ${text(value)}` : `${pad}${text(key)}:`);
  });
  return `${lines.join(newline)}${newline}`;
}

function flowPair(rest: string[], value: string): string {
  const [key, ...deeper] = rest;
  return `${text(key!)}: ${deeper.length ? `{ ${flowPair(deeper, value)} }` : text(value)}`;
}

/** The first pair of a parsed snippet, as tokens to splice into another mapping. */
function parsedItem(snippet: string): CST.CollectionItem {
  const [document] = [...new Parser().parse(snippet)].filter((t): t is CST.Document => t.type === 'document');
  const value = document?.value;
  if (!value || (value.type !== 'block-map' && value.type !== 'flow-collection')) throw new Error(`internal error: cannot parse ${JSON.stringify(snippet)}`);
  const item = value.items[0] as CST.CollectionItem;
  return { ...item, start: [] };
}

function tok(type: CST.SourceToken['type'], source: string): CST.SourceToken {
  return { type, offset: 0, indent: 0, source };
}

function itemSource(item: CST.CollectionItem): string {
  return [...item.start, ...(item.key ? [item.key] : []), ...(item.sep ?? []), ...(item.value ? [item.value] : [])].map((t) => CST.stringify(t)).join('');
}

/** The spaces at the very end of a flow pair (before the next "," or "}"), taken off it. */
function takeTrailingSpace(item: CST.CollectionItem): CST.SourceToken[] | undefined {
  const holder = (item.value ?? item.key) as { end?: CST.SourceToken[] } | undefined;
  const end = holder?.end;
  if (!end?.length) return undefined;
  const taken: CST.SourceToken[] = [];
  while (end.length && end[end.length - 1]!.type === 'space') taken.unshift(end.pop()!);
  return taken;
}

function attachEnd(item: CST.CollectionItem, tokens: CST.SourceToken[]): void {
  const holder = item.value as { end?: CST.SourceToken[] } | undefined;
  if (!holder) return;
  holder.end = [...(holder.end ?? []), ...tokens];
}

function stripFinalNewline(item: CST.CollectionItem): void {
  const holder = item.value as { end?: CST.SourceToken[] } | undefined;
  if (holder?.end?.length && holder.end[holder.end.length - 1]!.type === 'newline') holder.end.pop();
}

/** The intended data after an edit (names are data: own properties only, whatever the key). */
function setIn(target: unknown, path: Path, value: unknown, first: boolean): void {
  let node = target as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (!Object.hasOwn(node, key)) define(node, key, {});
    node = node[key] as Record<string, unknown>;
  }
  const key = path[path.length - 1]!;
  if (!first || Object.hasOwn(node, key)) {
    define(node, key, value);
    return;
  }
  const rest = Object.entries(node);
  for (const [k] of rest) delete node[k];
  define(node, key, value);
  for (const [k, v] of rest) define(node, k, v);
}

function define(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

function deleteIn(target: unknown, path: Path): void {
  let node = target as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[path[path.length - 1]!];
}

export type { Pair };
