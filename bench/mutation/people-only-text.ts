// Code whose only effect is text for people. The grader runs every program with --json, so it never
// sees these; a mutant there says nothing about the checks and is counted apart, not graded.
// Assumes such arguments have no side effects (they are strings and templates in the references).
import type { InstrumenterOptions } from '@stryker-mutator/instrumenter';

type Ignorer = InstrumenterOptions['ignorers'][number];

// The few fields of a syntax-tree path (Babel's NodePath) these rules read.
interface TreeNode {
  type: string;
  [field: string]: unknown;
}
interface TreePath {
  node: TreeNode;
  parentPath: TreePath | null;
  key: string | number | null;
  listKey?: string | undefined;
}

export const PEOPLE_ONLY = {
  console: 'text for people: printed with console',
  note: 'text for people: out.note() prints nothing under --json',
  humanLine: 'text for people: the human line of out.emit(), unused under --json',
  help: 'text for people: the --help branch (the grader never asks for help)',
} as const;

export const peopleOnlyText: Ignorer = {
  shouldIgnore(path) {
    const at = path as TreePath;
    if (isHelpBranch(at.node)) return PEOPLE_ONLY.help;
    const call = at.parentPath?.node;
    if (!call || at.listKey !== 'arguments' || (call.type !== 'CallExpression' && call.type !== 'OptionalCallExpression')) return undefined;
    const callee = call['callee'] as TreeNode;
    if (!isMember(callee)) return undefined;
    const object = callee['object'] as TreeNode;
    const method = propertyName(callee);
    if (isIdentifier(object, 'console')) return PEOPLE_ONLY.console;
    if (!isOutput(object)) return undefined;
    if (method === 'note') return PEOPLE_ONLY.note;
    if (method === 'emit' && at.key === 2) return PEOPLE_ONLY.humanLine;
    return undefined;
  },
};

// `if (command.mode === 'help') …`, as every program of the kit spells it.
function isHelpBranch(node: TreeNode): boolean {
  if (node.type !== 'IfStatement') return false;
  const test = node['test'] as TreeNode;
  if (test.type !== 'BinaryExpression' || (test['operator'] !== '===' && test['operator'] !== '==')) return false;
  return [test['left'], test['right']].some((side) => (side as TreeNode).type === 'StringLiteral' && (side as TreeNode)['value'] === 'help');
}

// An Output is always named `out`, alone or as a field (this.out, peer.out, this.context.out).
function isOutput(node: TreeNode): boolean {
  return isIdentifier(node, 'out') || (isMember(node) && propertyName(node) === 'out');
}

function isMember(node: TreeNode): boolean {
  return (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && node['computed'] === false;
}

function propertyName(member: TreeNode): string | undefined {
  const property = member['property'] as TreeNode;
  return property.type === 'Identifier' ? (property['name'] as string) : undefined;
}

function isIdentifier(node: TreeNode, name: string): boolean {
  return node.type === 'Identifier' && node['name'] === name;
}
