import type { FunctionDefinition } from '../functions/platform/catalogue-types.ts';

/** A part of the catalogue that deploys as one function stack: the functions under functions/<id>/. */
export interface Area {
  /** The folder under functions/, e.g. service-requests. */
  readonly id: string;
  /** PascalCase, for the stack name, e.g. ServiceRequests. */
  readonly name: string;
  readonly functions: readonly FunctionDefinition[];
}

/** The area of a catalogue entry: the folder its handler lives in, functions/<area>/... */
export function areaOf(definition: FunctionDefinition): string {
  const match = /^functions\/([a-z][a-z0-9-]*)\//.exec(definition.entry);
  if (!match?.[1]) throw new Error(`${definition.name}: entry ${definition.entry} is not under functions/<area>/`);
  return match[1];
}

const pascal = (id: string): string => id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/**
 * The catalogue split by area, in catalogue order. One stack per area keeps every stack well under
 * CloudFormation's 500 resources (an HTTP function is about nine: function, role, policy, log group,
 * route, integration, permission and two alarms), and a function stays in its stack as others are added.
 */
export function areasOf(definitions: readonly FunctionDefinition[]): Area[] {
  const byArea = new Map<string, FunctionDefinition[]>();
  for (const d of definitions) {
    const id = areaOf(d);
    byArea.set(id, [...(byArea.get(id) ?? []), d]);
  }
  return [...byArea].map(([id, functions]) => ({ id, name: pascal(id), functions }));
}
