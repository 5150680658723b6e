/**
 * Executes a parsed template against ApplicationSet parameters with Go's
 * semantics: missingkey options, nil handling, field chains on maps only,
 * pipelines passing the previous value as the last argument, short-circuit
 * `and`/`or`, and errors worded as text/template words them.
 */
import { type Command, describeOperand, type Node, type Operand, type Pipeline } from './ast.ts';
import { ExecError, locationOf } from './errors.ts';
import { checkArity, convertArg, type FunctionMap } from './functions.ts';
import { GoStruct, type GoValue, goTypeName, isMap, isTrue, MISSING, printValue } from './values.ts';

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

interface Variable {
  name: string;
  value: GoValue;
}

export function execute(src: string, nodes: Node[], data: GoValue, functions: FunctionMap, missingKey: MissingKey): string {
  const state = new State(src, functions, missingKey, data);
  state.walk(nodes, data);
  return state.out.join('');
}

class State {
  readonly out: string[] = [];
  private readonly vars: Variable[];

  constructor(
    private readonly src: string,
    private readonly functions: FunctionMap,
    private readonly missingKey: MissingKey,
    data: GoValue,
  ) {
    this.vars = [{ name: '$', value: data }];
  }

  walk(nodes: Node[], dot: GoValue): void {
    for (const node of nodes) {
      if (node.type === 'text') this.out.push(node.text);
      else if (node.type === 'action') {
        const value = this.pipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out.push(printValue(value));
      } else this.control(node, dot);
    }
  }

  private control(node: Exclude<Node, { type: 'text' | 'action' }>, dot: GoValue): void {
    const mark = this.vars.length;
    const value = this.pipeline(dot, node.pipe);
    if (node.type === 'range') this.range(node, dot, value);
    else if (isTrue(value)) this.walk(node.list, node.type === 'with' ? value : dot);
    else if (node.elseList) this.walk(node.elseList, dot);
    this.vars.length = mark;
  }

  private range(node: Extract<Node, { type: 'range' }>, dot: GoValue, value: GoValue): void {
    const decl = node.pipe.decl;
    let entries: [GoValue, GoValue][];
    if (Array.isArray(value)) entries = value.map((v, i) => [BigInt(i), v]);
    else if (isMap(value))
      entries = Object.keys(value)
        .sort()
        .map((k) => [k, value[k]]);
    else if (value === null || value === MISSING) entries = [];
    else throw this.fail(node.pos, node.pipe.cmds[0]?.args[0], `range can't iterate over ${printValue(value)}`);
    if (entries.length === 0) {
      if (node.elseList) this.walk(node.elseList, dot);
      return;
    }
    const mark = this.vars.length;
    for (const [key, elem] of entries) {
      // One variable gets the element; two get the key (or index) and the element.
      if (decl.length === 1) this.vars[mark - 1] = { name: decl[0], value: elem };
      if (decl.length === 2) {
        this.vars[mark - 2] = { name: decl[0], value: key };
        this.vars[mark - 1] = { name: decl[1], value: elem };
      }
      this.walk(node.list, elem);
      this.vars.length = mark;
    }
  }

  private pipeline(dot: GoValue, pipe: Pipeline): GoValue {
    let value: GoValue | undefined;
    for (const cmd of pipe.cmds) value = this.command(dot, cmd, value);
    const result = value ?? MISSING;
    if (pipe.isAssign) {
      const v = [...this.vars].reverse().find((x) => x.name === pipe.decl[0]);
      if (v) v.value = result;
    } else {
      // range declares its variables per iteration; elsewhere the pipeline's value.
      for (const name of pipe.decl) this.vars.push({ name, value: result });
    }
    return result;
  }

  private command(dot: GoValue, cmd: Command, final: GoValue | undefined): GoValue {
    const [first, ...rest] = cmd.args;
    if (first.type === 'identifier') return this.call(dot, first, rest, final, cmd);
    if (rest.length > 0 || final !== undefined) {
      const method = this.methodCall(dot, first, rest, final);
      if (method.called) return method.value;
      if (first.type === 'field') throw this.fail(first.pos, first, `${first.fields.at(-1)} is not a method but has arguments`);
      throw this.fail(first.pos, first, `can't give argument to non-function ${describeOperand(first)}`);
    }
    if (first.type === 'nil') throw this.fail(first.pos, first, 'nil is not a command');
    return this.operand(dot, first);
  }

  /** `cmd`: the command the function heads; Go reports a failed call at the whole command. */
  private call(dot: GoValue, fn: Extract<Operand, { type: 'identifier' }>, args: Operand[], final: GoValue | undefined, cmd?: Command): GoValue {
    if (fn.name === 'and' || fn.name === 'or') return this.andOr(dot, fn, args, final);
    const f = this.functions[fn.name];
    const count = args.length + (final === undefined ? 0 : 1);
    try {
      checkArity(fn.name, f, count);
    } catch (e) {
      throw this.fail(fn.pos, fn, (e as Error).message);
    }
    const values: GoValue[] = [];
    args.forEach((a, i) => {
      values.push(this.argument(dot, a, f.params[i] ?? f.variadic ?? 'any'));
    });
    if (final !== undefined) values.push(this.convert(fn, f.params[count - 1] ?? f.variadic ?? 'any', final));
    try {
      return f.fn(...values);
    } catch (e) {
      const message = `error calling ${fn.name}: ${(e as Error).message}`;
      throw cmd ? new ExecError(locationOf(this.src, cmd.pos), cmd.args.map(describeOperand).join(' '), message) : this.fail(fn.pos, fn, message);
    }
  }

  /** Go 1.18+: `and`/`or` stop at the first falsy/truthy argument and return it. */
  private andOr(dot: GoValue, fn: Extract<Operand, { type: 'identifier' }>, args: Operand[], final: GoValue | undefined): GoValue {
    if (args.length + (final === undefined ? 0 : 1) < 1) throw this.fail(fn.pos, fn, `wrong number of args for ${fn.name}: want at least 1 got 0`);
    let value: GoValue = null;
    const thunks: (() => GoValue)[] = args.map((a) => () => this.argument(dot, a, 'any'));
    if (final !== undefined) thunks.push(() => final);
    for (const next of thunks) {
      value = next();
      if (isTrue(value) !== (fn.name === 'and')) return value;
    }
    return value;
  }

  private argument(dot: GoValue, op: Operand, type: Parameters<typeof convertArg>[0]): GoValue {
    // A function name as an argument is called with no arguments, as in Go.
    const value = op.type === 'identifier' ? this.call(dot, op, [], undefined) : op.type === 'nil' ? null : this.operand(dot, op);
    return this.convert(op, type, value);
  }

  private convert(op: Operand, type: Parameters<typeof convertArg>[0], value: GoValue): GoValue {
    try {
      return convertArg(type, value);
    } catch (e) {
      throw this.fail(op.pos, op, (e as Error).message);
    }
  }

  private operand(dot: GoValue, op: Operand): GoValue {
    switch (op.type) {
      case 'dot':
        return dot;
      case 'field':
        return this.fieldChain(dot, op.fields, op);
      case 'variable': {
        const v = [...this.vars].reverse().find((x) => x.name === op.name);
        return this.fieldChain(v ? v.value : MISSING, op.fields, op);
      }
      case 'pipeline': {
        const mark = this.vars.length;
        const value = this.pipeline(dot, op.pipe);
        this.vars.length = mark;
        return this.fieldChain(value, op.fields, op);
      }
      case 'string':
      case 'number':
      case 'bool':
        return op.value;
      case 'nil':
        return null;
      case 'identifier':
        return this.call(dot, op, [], undefined);
    }
  }

  private fieldChain(receiver: GoValue, fields: string[], op: Operand): GoValue {
    let value = receiver;
    for (const name of fields) value = this.field(value, name, op);
    return value;
  }

  /** `(semver "1.2.3").Compare $v`: a method of a Go value, given arguments. */
  private methodCall(dot: GoValue, first: Operand, args: Operand[], final: GoValue | undefined): { called: boolean; value: GoValue } {
    const fields = first.type === 'field' || first.type === 'variable' || first.type === 'pipeline' ? first.fields : [];
    if (fields.length === 0) return { called: false, value: null };
    const receiver = this.operand(dot, { ...first, fields: fields.slice(0, -1) } as Operand);
    const method = receiver instanceof GoStruct ? receiver.method(fields.at(-1)!) : undefined;
    if (!method) return { called: false, value: null };
    const values = args.map((a) => this.argument(dot, a, 'any'));
    if (final !== undefined) values.push(final);
    try {
      return { called: true, value: method(...values) };
    } catch (e) {
      throw this.fail(first.pos, first, `error calling ${fields.at(-1)}: ${(e as Error).message}`);
    }
  }

  private field(receiver: GoValue, name: string, op: Operand): GoValue {
    if (receiver instanceof GoStruct) {
      const value = receiver.field(name);
      if (value === undefined) throw this.fail(op.pos, op, `can't evaluate field ${name} in type ${receiver.typeName}`);
      return value;
    }
    if (receiver === MISSING) {
      if (this.missingKey === 'error') throw this.fail(op.pos, op, `nil data; no entry for key ${JSON.stringify(name)}`);
      return MISSING;
    }
    if (receiver === null) throw this.fail(op.pos, op, `nil pointer evaluating interface {}.${name}`);
    if (!isMap(receiver))
      throw this.fail(op.pos, op, `can't evaluate field ${name} in type ${Array.isArray(receiver) ? goTypeName(receiver) : 'interface {}'}`);
    if (Object.hasOwn(receiver, name)) return receiver[name];
    if (this.missingKey === 'error') throw this.fail(op.pos, op, `map has no entry for key ${JSON.stringify(name)}`);
    // missingkey=zero yields the map's zero element: a nil interface{}; default/invalid yield "no value".
    return this.missingKey === 'zero' ? null : MISSING;
  }

  private fail(pos: number, op: Operand | undefined, message: string): ExecError {
    return new ExecError(locationOf(this.src, pos), op ? describeOperand(op) : '', message);
  }
}
