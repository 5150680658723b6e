/**
 * The parse tree of a Go text/template, for the subset ApplicationSets use:
 * text, actions with pipelines, if/else if/else, range, with, variables and
 * comments. `pos` is the byte offset of the node in the template, for the
 * `template: base:line:col:` prefix Go puts on every error.
 */
export type Node = TextNode | ActionNode | IfNode | RangeNode | WithNode;

export interface TextNode {
  type: 'text';
  text: string;
}

export interface ActionNode {
  type: 'action';
  pos: number;
  pipe: Pipeline;
}

export interface IfNode {
  type: 'if';
  pos: number;
  pipe: Pipeline;
  list: Node[];
  elseList?: Node[];
}

export interface WithNode {
  type: 'with';
  pos: number;
  pipe: Pipeline;
  list: Node[];
  elseList?: Node[];
}

export interface RangeNode {
  type: 'range';
  pos: number;
  pipe: Pipeline;
  list: Node[];
  elseList?: Node[];
}

/** `$x := cmd | cmd`: declarations (or an assignment with `=`) and the commands, piped left to right. */
export interface Pipeline {
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export interface Command {
  pos: number;
  args: Operand[];
}

export type Operand =
  | { type: 'dot'; pos: number }
  | { type: 'field'; pos: number; fields: string[] }
  | { type: 'variable'; pos: number; name: string; fields: string[] }
  | { type: 'identifier'; pos: number; name: string }
  | { type: 'string'; pos: number; value: string }
  | { type: 'number'; pos: number; value: number | bigint }
  | { type: 'bool'; pos: number; value: boolean }
  | { type: 'nil'; pos: number }
  | { type: 'pipeline'; pos: number; pipe: Pipeline; fields: string[] };

/** The source text of an operand, as Go prints it in `executing "base" at <...>`. */
export function describeOperand(op: Operand): string {
  switch (op.type) {
    case 'dot':
      return '.';
    case 'field':
      return `.${op.fields.join('.')}`;
    case 'variable':
      return [op.name, ...op.fields].join('.');
    case 'identifier':
      return op.name;
    case 'string':
      return JSON.stringify(op.value);
    case 'number':
      return String(op.value);
    case 'bool':
      return String(op.value);
    case 'nil':
      return 'nil';
    case 'pipeline':
      return `(${op.pipe.cmds.map((c) => c.args.map(describeOperand).join(' ')).join(' | ')})${op.fields.map((f) => `.${f}`).join('')}`;
  }
}
