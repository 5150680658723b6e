/** A file Flotilla wants to exist, relative to the fleet root, with its final bytes. */
export interface GeneratedFile {
  path: string;
  content: string;
}
