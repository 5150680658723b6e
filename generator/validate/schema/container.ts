/** Containers: the parts of a pod spec users write, with restricted security by default. */
import { z } from 'zod';
import { ConfigKey, Duration, EnvName, exactlyOneOf, Image, Name, Port, Quantity, Reason } from './common.ts';

const PortRef = z.union([Name, Port]).describe('A container port by name (preferred) or number.');

const HttpProbe = z.strictObject({
  path: z.string().startsWith('/', { message: 'expected an absolute path starting with "/"' }),
  port: PortRef,
  scheme: z.enum(['HTTP', 'HTTPS']).optional(),
});

export const Probe = z
  .strictObject({
    http: HttpProbe.optional().describe('HTTP GET probe.'),
    tcp: PortRef.optional().describe('TCP socket probe on this port.'),
    exec: z.array(z.string()).min(1).optional().describe('Command probe.'),
    initialDelaySeconds: z.number().int().min(0).optional(),
    periodSeconds: z.number().int().min(1).optional(),
    timeoutSeconds: z.number().int().min(1).optional(),
    failureThreshold: z.number().int().min(1).optional(),
    successThreshold: z.number().int().min(1).optional(),
  })
  .refine(...exactlyOneOf([['http'], ['tcp'], ['exec']]));

const EnvFromRef = z
  .strictObject({
    configMap: Name.optional().describe('A ConfigMap declared in this app (configMaps).'),
    secret: Name.optional().describe('A secret declared in this app (secrets).'),
    key: ConfigKey.optional(),
    service: Name.optional().describe('A component of this app: the value becomes its Service host name.'),
    app: Name.optional().describe('With service: a component of another app (cross-namespace host name).'),
    port: PortRef.optional().describe('With service: append ":<port>" to the host.'),
    fieldPath: z.enum(['metadata.name', 'metadata.namespace', 'status.podIP', 'spec.nodeName']).optional(),
  })
  .refine(...exactlyOneOf([['configMap'], ['secret'], ['service'], ['fieldPath']]))
  .refine((r) => !(r.configMap || r.secret) || r.key !== undefined, {
    message: 'a configMap or secret reference needs the key to read',
    params: { missing: 'key' },
  });

export const EnvValue = z.union([z.string(), EnvFromRef]).describe('A literal string, or a reference.');

const Resources = z.strictObject({
  requests: z.strictObject({ cpu: Quantity.optional(), memory: Quantity.optional(), 'ephemeral-storage': Quantity.optional() }).optional(),
  limits: z.strictObject({ cpu: Quantity.optional(), memory: Quantity.optional(), 'ephemeral-storage': Quantity.optional() }).optional(),
});

const Mount = z.union([
  z.string().startsWith('/', { message: 'expected an absolute mount path' }),
  z.strictObject({ path: z.string().startsWith('/'), subPath: z.string().optional(), readOnly: z.boolean().optional() }),
]);

const Handler = z.strictObject({ exec: z.array(z.string()).min(1).optional(), http: HttpProbe.optional(), sleepSeconds: z.number().int().min(1).optional() });

/** Explicit, reasoned departures from the restricted Pod Security Standard. */
export const SecurityOptOut = z
  .strictObject({
    runAsRoot: Reason.optional().describe('Run as root (e.g. an image that binds port 80 and drops privileges itself).'),
    writableRootFilesystem: Reason.optional().describe('Allow writes to the container root filesystem.'),
    privilegeEscalation: Reason.optional().describe('Allow privilege escalation (setuid binaries).'),
    capabilities: z
      .record(z.string().regex(/^[A-Z_]+$/), Reason)
      .optional()
      .describe('Capabilities to add, each with a reason.'),
  })
  .describe('Opt-outs from restricted pod security; each carries the reason a reviewer will read.');

export const Container = z.strictObject({
  image: Image,
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  ports: z.record(Name, Port).optional().describe('Named container ports, e.g. { http: 8080 }.'),
  env: z.record(EnvName, EnvValue).optional(),
  envFrom: z.array(z.strictObject({ configMap: Name.optional(), secret: Name.optional() })).optional(),
  mounts: z.record(Name, Mount).optional().describe('Volume name (of the component) to mount path.'),
  probes: z.strictObject({ readiness: Probe.optional(), liveness: Probe.optional(), startup: Probe.optional() }).optional(),
  resources: Resources.optional(),
  lifecycle: z.strictObject({ postStart: Handler.optional(), preStop: Handler.optional() }).optional(),
  securityOptOut: SecurityOptOut.optional(),
  runAsUser: z.number().int().min(1).optional().describe('A non-root UID, when the image does not set one.'),
});

export type ContainerInput = z.input<typeof Container>;
export { Duration, Resources };
