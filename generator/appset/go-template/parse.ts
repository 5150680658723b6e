/**
 * Go text/template parser for the subset ApplicationSets use. Like Go, it
 * checks at parse time that every function exists and every variable is
 * declared, so a typo fails before any Application is generated.
 */
import type { Command, Node, Operand, Pipeline } from './ast.ts';
import { TemplateError } from './errors.ts';
import { lex, lineOf, type Token } from './lex.ts';

const UNSUPPORTED = new Set(['define', 'template', 'block', 'break', 'continue']);

export function parse(src: string, functions: ReadonlySet<string>): Node[] {
  const parser = new Parser(src, lex(src), functions);
  const { nodes, end } = parser.list();
  if (end) throw parser.error(end.pos, `unexpected {{${end.word}}}`);
  return nodes;
}

interface ListEnd {
  word: 'end' | 'else';
  pos: number;
  /** `{{else if ...}}` / `{{else with ...}}`: the control keyword that follows. */
  chained?: 'if' | 'with';
}

class Parser {
  private at = 0;
  private readonly vars: string[] = ['$'];

  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
    private readonly functions: ReadonlySet<string>,
  ) {}

  error(pos: number, message: string): TemplateError {
    return new TemplateError(lineOf(this.src, pos), message);
  }

  list(): { nodes: Node[]; end?: ListEnd } {
    const nodes: Node[] = [];
    while (this.at < this.tokens.length) {
      const t = this.tokens[this.at++];
      if (t.kind === 'text') {
        nodes.push({ type: 'text', text: t.value });
        continue;
      }
      if (t.kind !== 'open') throw this.error(t.pos, 'unexpected token');
      const head = this.tokens[this.at];
      const word = head?.kind === 'identifier' ? head.name : undefined;
      if (word === 'end') {
        this.at++;
        this.expect('close');
        return { nodes, end: { word: 'end', pos: head.pos } };
      }
      if (word === 'else') {
        this.at++;
        const next = this.tokens[this.at];
        if (next?.kind === 'identifier' && (next.name === 'if' || next.name === 'with')) {
          return { nodes, end: { word: 'else', pos: head.pos, chained: next.name } };
        }
        this.expect('close');
        return { nodes, end: { word: 'else', pos: head.pos } };
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        this.at++;
        nodes.push(this.control(word, head.pos));
        continue;
      }
      if (word && UNSUPPORTED.has(word)) throw this.error(head.pos, `{{${word}}} is not supported in ApplicationSet templates by flotilla preview`);
      const pipe = this.pipeline('close', true);
      nodes.push({ type: 'action', pos: head?.pos ?? t.pos, pipe });
    }
    return { nodes };
  }

  private control(word: 'if' | 'with' | 'range', pos: number): Node {
    const mark = this.vars.length;
    const pipe = this.pipeline('close', true, word === 'range');
    const body = this.list();
    let elseList: Node[] | undefined;
    if (!body.end) throw this.error(pos, `unexpected EOF: missing {{end}} for {{${word}}}`);
    if (body.end.word === 'else') {
      if (body.end.chained) {
        const chained = this.tokens[this.at++] as Extract<Token, { kind: 'identifier' }>;
        // `{{else if x}}` is `{{else}}{{if x}}...{{end}}{{end}}` sharing one end, as in Go.
        elseList = [this.control(body.end.chained, chained.pos)];
      } else {
        const rest = this.list();
        if (rest.end?.word !== 'end') throw this.error(pos, `expected {{end}} for {{${word}}}`);
        elseList = rest.nodes;
      }
    }
    this.vars.length = mark;
    return { type: word, pos, pipe, list: body.nodes, elseList };
  }

  private pipeline(until: 'close' | ')', allowDecl: boolean, isRange = false): Pipeline {
    const start = this.tokens[this.at];
    const pos = start?.pos ?? 0;
    const { decl, isAssign } = allowDecl ? this.declarations(isRange) : { decl: [], isAssign: false };
    const cmds: Command[] = [];
    for (;;) {
      const cmd = this.command(until);
      cmds.push(cmd);
      const t = this.tokens[this.at++];
      if (t?.kind === 'punct' && t.value === '|') continue;
      if ((until === 'close' && t?.kind === 'close') || (until === ')' && t?.kind === 'punct' && t.value === ')')) break;
      throw this.error(t?.pos ?? pos, `unexpected token in ${until === ')' ? 'parenthesized pipeline' : 'command'}`);
    }
    // Declared variables are visible after the pipeline that declares them.
    if (!isAssign) this.vars.push(...decl);
    return { pos, decl, isAssign, cmds };
  }

  private declarations(isRange: boolean): { decl: string[]; isAssign: boolean } {
    const t0 = this.tokens[this.at];
    const t1 = this.tokens[this.at + 1];
    if (t0?.kind !== 'variable' || t0.fields.length) return { decl: [], isAssign: false };
    if (t1?.kind === 'punct' && (t1.value === ':=' || t1.value === '=')) {
      this.at += 2;
      if (t1.value === '=' && !this.vars.includes(t0.name)) throw this.error(t0.pos, `undefined variable "${t0.name}"`);
      return { decl: [t0.name], isAssign: t1.value === '=' };
    }
    const t2 = this.tokens[this.at + 2];
    const t3 = this.tokens[this.at + 3];
    if (isRange && t1?.kind === 'punct' && t1.value === ',' && t2?.kind === 'variable' && t3?.kind === 'punct' && t3.value === ':=') {
      this.at += 4;
      return { decl: [t0.name, t2.name], isAssign: false };
    }
    return { decl: [], isAssign: false };
  }

  private command(until: 'close' | ')'): Command {
    const args: Operand[] = [];
    const pos = this.tokens[this.at]?.pos ?? 0;
    for (;;) {
      const t = this.tokens[this.at];
      if (!t) throw this.error(pos, 'unclosed action');
      if (t.kind === 'close' || (t.kind === 'punct' && (t.value === '|' || t.value === ')'))) break;
      args.push(this.operand());
    }
    if (args.length === 0) throw this.error(pos, until === 'close' ? 'missing value for command' : 'missing value for parenthesized pipeline');
    return { pos, args };
  }

  private operand(): Operand {
    const t = this.tokens[this.at++];
    switch (t.kind) {
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'field':
        if (t.attached) throw this.error(t.pos, `unexpected .${t.fields[0]}`);
        return { type: 'field', pos: t.pos, fields: t.fields };
      case 'variable':
        if (!this.vars.includes(t.name)) throw this.error(t.pos, `undefined variable "${t.name}"`);
        return { type: 'variable', pos: t.pos, name: t.name, fields: t.fields };
      case 'string':
        return { type: 'string', pos: t.pos, value: t.value };
      case 'number':
        return { type: 'number', pos: t.pos, value: t.value };
      case 'identifier':
        if (t.name === 'true' || t.name === 'false') return { type: 'bool', pos: t.pos, value: t.name === 'true' };
        if (t.name === 'nil') return { type: 'nil', pos: t.pos };
        if (!this.functions.has(t.name)) throw this.error(t.pos, `function "${t.name}" not defined`);
        return { type: 'identifier', pos: t.pos, name: t.name };
      case 'punct':
        if (t.value === '(') {
          const pipe = this.pipeline(')', false);
          const next = this.tokens[this.at];
          let fields: string[] = [];
          if (next?.kind === 'field' && next.attached) {
            this.at++;
            fields = next.fields;
          }
          return { type: 'pipeline', pos: t.pos, pipe, fields };
        }
        throw this.error(t.pos, `unexpected "${t.value}" in operand`);
      default:
        throw this.error(t.pos, 'unexpected token in operand');
    }
  }

  private expect(kind: 'close'): void {
    const t = this.tokens[this.at++];
    if (t?.kind !== kind) throw this.error(t?.pos ?? this.src.length, 'unexpected token; expected }}');
  }
}
