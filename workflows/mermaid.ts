import { AnyStateMachine, AnyStateNode } from 'xstate';

const idOf = (node: AnyStateNode) => node.id.replace(/[^A-Za-z0-9_]/g, '_');

function guardLabel(guard: unknown): string {
  if (!guard) return '';
  if (typeof guard === 'string') return ` [${guard}]`;
  const g = guard as { type?: string; guards?: unknown[] };
  if (Array.isArray(g.guards)) return ` [${g.guards.map((x) => (typeof x === 'string' ? x : '?')).join(' & ')}]`;
  return g.type ? ` [${g.type}]` : ' [guard]';
}

/** A Mermaid state diagram of a machine: nested states, parallel regions, events and guards. */
export function toMermaid(machine: AnyStateMachine): string {
  const lines: string[] = ['stateDiagram-v2'];
  const edges: string[] = [];

  const visit = (node: AnyStateNode, indent: string) => {
    const children = Object.values(node.states) as AnyStateNode[];
    for (const [index, child] of children.entries()) {
      if (node.type === 'parallel' && index > 0) lines.push(`${indent}--`);
      const grandChildren = Object.values(child.states) as AnyStateNode[];
      if (grandChildren.length > 0) {
        lines.push(`${indent}state "${child.key}" as ${idOf(child)} {`);
        if (child.type !== 'parallel' && child.initial?.target?.[0]) lines.push(`${indent}  [*] --> ${idOf(child.initial.target[0])}`);
        visit(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${child.key}" as ${idOf(child)}`);
        if (child.type === 'final') edges.push(`  ${idOf(child)} --> [*]`);
      }
    }
  };

  const addEdges = (node: AnyStateNode) => {
    for (const [eventType, transitions] of node.transitions as Map<string, { target?: AnyStateNode[]; guard?: unknown }[]>) {
      for (const t of transitions) {
        for (const target of t.target ?? []) edges.push(`  ${idOf(node)} --> ${idOf(target)}: ${eventType}${guardLabel(t.guard)}`);
      }
    }
    for (const child of Object.values(node.states) as AnyStateNode[]) addEdges(child);
  };

  const root = machine.root as AnyStateNode;
  if (root.type !== 'parallel' && root.initial?.target?.[0]) lines.push(`  [*] --> ${idOf(root.initial.target[0])}`);
  visit(root, '  ');
  addEdges(root);
  return [...lines, ...edges].join('\n') + '\n';
}
