/**
 * Services Flotilla does not generate (made by an operator, a chart, or outside
 * the cluster), declared once: for the whole fleet in fleet.yaml, or for one
 * app in its file. `{ service: <name> }` and `talksTo: [{ external: <name> }]`
 * resolve to them, the network policy allows egress to them, and a name that
 * is declared nowhere is an error with the nearest one suggested.
 */
import { z } from 'zod';
import { Labels, Name, portWithProtocol } from './common.ts';
import { Cidr } from './component.ts';
import { dictOf } from './dict.ts';

const fields = {
  host: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'expected a Service name or a host name' })
    .describe(
      'A Service name (in `namespace`, made by an operator or a chart: `<host>.<namespace>.svc.cluster.local`) or, with dots, a host outside the cluster. Example: `ledger-db-rw`.',
    ),
  ports: dictOf(Name, portWithProtocol('The port number', '5432')).describe(
    'Its ports by name; `{ service: <name>, port: <port name> }` and the network policy use them. Example: `{ postgres: 5432 }`.',
  ),
  pods: Labels.optional().describe(
    'For a Service name: the labels of the pods behind it, so egress is allowed to exactly those. Default: every pod of its namespace. Example: `{ cnpg.io/cluster: ledger-db }`.',
  ),
  cidr: z
    .array(Cidr.describe('An address range. Example: `10.40.0.0/16`.'))
    .min(1)
    .optional()
    .describe('For a host outside the cluster: its address ranges, for the network policy. Default: any address (`0.0.0.0/0`, `::/0`) on its ports.'),
};

export const AppExternalService = z
  .strictObject({
    ...fields,
    namespace: Name.optional().describe('For a Service name: its namespace. Default: the app namespace. Example: `databases`.'),
    serviceName: Name.optional().describe(
      'Also generate a Service of this name in the app namespace, of type ExternalName, whose DNS name points at the host: for software that takes a fixed Service name. It has no selector and no ports; a network policy cannot select it, so egress is allowed to the host itself. Default: none. Example: `mail`.',
    ),
  })
  .describe(
    'A service Flotilla does not generate, for this app: `{ service: <name> }` references resolve to its host, egress to it is allowed, and its host names are accepted in env values. Example: `{ host: ledger-db-rw, ports: { postgres: 5432 }, pods: { cnpg.io/cluster: ledger-db } }`.',
  );

export const FleetExternalService = z
  .strictObject({
    ...fields,
    namespace: Name.optional().describe('For a Service name: its namespace, required (no app namespace to default to). Example: `databases`.'),
  })
  .refine((s) => s.host.includes('.') || s.namespace !== undefined, {
    message: 'a Service name needs the namespace it lives in',
    params: { missing: 'namespace' },
  })
  .describe(
    "A service Flotilla does not generate that any app may reach: `{ service: <name> }` and `talksTo: [{ external: <name> }]` in every app resolve to it, and the app's network policy allows egress to it. Example: `{ host: smtp.mailgun.org, ports: { submission: 587 }, cidr: [198.51.100.0/24] }`.",
  );

export type ExternalServiceSpec = z.output<typeof AppExternalService>;
