/** A file Flotilla wants to exist, relative to the fleet root, with its final bytes. */
export interface GeneratedFile {
  path: string;
  content: string;
}

export function objectFileName(o: { kind: string; metadata: { name: string } }): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
}
