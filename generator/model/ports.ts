/**
 * A container port as the config writes it: a number (TCP), or `{ port, protocol }`
 * for UDP and SCTP. Every stage reads ports through these two functions.
 */
export type PortProtocol = 'TCP' | 'UDP' | 'SCTP';
export type WrittenPort = number | { port: number; protocol?: PortProtocol };

export function portNumber(spec: WrittenPort): number {
  return typeof spec === 'number' ? spec : spec.port;
}

export function portProtocol(spec: WrittenPort): PortProtocol {
  return typeof spec === 'number' ? 'TCP' : (spec.protocol ?? 'TCP');
}
