/** Containers: the parts of a pod spec users write, with restricted security by default. */
import { z } from 'zod';
import { ConfigKey, Duration, EnvName, exactlyOneOf, Image, Name, Port, portWithProtocol, Quantity, Reason } from './common.ts';
import { dictOf } from './dict.ts';

const PortRef = z.union([Name.describe('A container port name (preferred). Example: `http`.'), Port.describe('A container port number. Example: `8080`.')]);

const HttpProbe = z
  .strictObject({
    path: z.string().startsWith('/', { message: 'expected an absolute path starting with "/"' }).describe('The request path. Example: `/healthz`.'),
    port: PortRef.describe('The container port, by name (preferred) or number. Example: `http`.'),
    scheme: z.enum(['HTTP', 'HTTPS']).optional().describe('Probes only (lifecycle hooks always use HTTP). Default: `HTTP`.'),
  })
  .describe('An HTTP GET; success is a 2xx or 3xx status. Example: `{ path: /healthz, port: http }`.');

const AtLeastOne = (what: string, example: number) => z.number().int().min(1).describe(`${what} Example: \`${example}\`.`);

export const Probe = z
  .strictObject({
    http: HttpProbe.optional(),
    tcp: PortRef.optional().describe('Succeeds when a TCP connection to this port opens. Example: `http`.'),
    exec: z
      .array(z.string().describe('A word of the command. Example: `pg_isready`.'))
      .min(1)
      .optional()
      .describe('Succeeds when this command exits 0. Example: `[pg_isready, -U, postgres]`.'),
    grpc: z
      .strictObject({
        port: PortRef.describe('The container port serving the gRPC health protocol, by name or number. Example: `grpc`.'),
        service: z.string().optional().describe('The service name sent in the health check. Default: the server’s overall health. Example: `chat.Recorder`.'),
      })
      .optional()
      .describe('Succeeds when the gRPC health check (grpc.health.v1) reports SERVING. Example: `{ port: grpc }`.'),
    initialDelaySeconds: z.number().int().min(0).optional().describe('Seconds after start before the first probe. Default: `0`. Example: `30`.'),
    periodSeconds: AtLeastOne('Seconds between probes. Default: `10`.', 5).optional(),
    timeoutSeconds: AtLeastOne('Seconds before a probe counts as failed. Default: `1`.', 3).optional(),
    failureThreshold: AtLeastOne('Failures in a row before the probe fails. Default: `3`.', 5).optional(),
    successThreshold: AtLeastOne('Successes in a row before it passes again (must be 1 for liveness and startup). Default: `1`.', 1).optional(),
  })
  .refine(...exactlyOneOf([['http'], ['tcp'], ['exec'], ['grpc']]))
  .describe('A probe: exactly one of http, tcp, exec or grpc, plus timing (Kubernetes defaults). Example: `{ http: { path: /healthz, port: http } }`.');

const EnvFromRef = z
  .strictObject({
    configMap: Name.optional().describe('A ConfigMap declared in this app (`configMaps`); needs `key`. Example: `settings`.'),
    secret: Name.optional().describe('A secret declared in this app (`secrets`); needs `key`. Example: `db`.'),
    key: ConfigKey.optional().describe('With configMap or secret: the key to read. Example: `password`.'),
    service: Name.optional().describe('A component: the value becomes its Service host name, `<service>.<namespace>.svc.cluster.local`. Example: `mariadb`.'),
    app: Name.optional().describe('With service: the component is in this other app (and its namespace). Example: `billing`.'),
    port: PortRef.optional().describe('With service: append `:<port number>` to the host. Example: `http`.'),
    fieldPath: z
      .enum(['metadata.name', 'metadata.namespace', 'status.podIP', 'spec.nodeName'])
      .optional()
      .describe('A field of the pod (downward API). Example: `metadata.namespace`.'),
  })
  .refine(...exactlyOneOf([['configMap'], ['secret'], ['service'], ['fieldPath']]))
  .refine((r) => !(r.configMap || r.secret) || r.key !== undefined, {
    message: 'a configMap or secret reference needs the key to read',
    params: { missing: 'key' },
  })
  .describe('A value from exactly one of configMap (+ key), secret (+ key), service or fieldPath. Example: `{ secret: db, key: password }`.');

export const EnvValue = z
  .union([z.string().describe('A literal value (never a secret: those are errors). Example: `"info"`.'), EnvFromRef])
  .describe('A literal string, or a reference. Example: `info` or `{ secret: db, key: password }`.');

const ResourceAmounts = (what: string) =>
  z
    .strictObject({
      cpu: Quantity.optional().describe(`CPU ${what}, in cores or millicores. Example: \`250m\`.`),
      memory: Quantity.optional().describe(`Memory ${what}. Example: \`256Mi\`.`),
      'ephemeral-storage': Quantity.optional().describe(`Local scratch disk ${what}. Example: \`1Gi\`.`),
    })
    .describe(`Resource ${what}. Example: \`{ cpu: 250m, memory: 256Mi }\`.`);

const Resources = z
  .strictObject({
    requests: ResourceAmounts('requests (what the scheduler reserves)').optional(),
    limits: ResourceAmounts('limits (the most the container may use)').optional(),
  })
  .describe('Compute resources. Default: none set. Example: `{ requests: { cpu: 100m, memory: 256Mi }, limits: { memory: 512Mi } }`.');

const Mount = z
  .union([
    z.string().startsWith('/', { message: 'expected an absolute mount path' }).describe('The absolute mount path. Example: `/var/lib/mysql`.'),
    z
      .strictObject({
        path: z.string().startsWith('/').describe('The absolute mount path. Example: `/etc/nginx/nginx.conf`.'),
        subPath: z.string().optional().describe('Mount only this file or folder of the volume. Example: `nginx.conf`.'),
        readOnly: z.boolean().optional().describe('Mount read-only. Default: `false`.'),
      })
      .describe('A mount with options. Example: `{ path: /etc/nginx/nginx.conf, subPath: nginx.conf }`.'),
  ])
  .describe('Where the volume is mounted. Example: `/data` or `{ path: /etc/app.ini, subPath: app.ini, readOnly: true }`.');

const Handler = z
  .strictObject({
    exec: z.array(z.string().describe('A word of the command.')).min(1).optional().describe('Run this command in the container. Example: `[nginx, -s, quit]`.'),
    http: HttpProbe.optional(),
    sleepSeconds: z.number().int().min(1).optional().describe('Sleep this long. Example: `5`.'),
  })
  .describe('A lifecycle action: one of exec, http or sleepSeconds (checked in that order). Example: `{ sleepSeconds: 5 }`.');

/** Explicit, reasoned departures from the restricted Pod Security Standard. */
export const SecurityOptOut = z
  .strictObject({
    runAsRoot: Reason.optional().describe(
      'Run as root, with the reason (e.g. an image that binds port 80 and drops privileges itself); the namespace gets the `baseline` Pod Security level. Example: `"apache binds port 80, then drops to www-data"`.',
    ),
    writableRootFilesystem: Reason.optional().describe(
      'Allow writes to the container root filesystem, with the reason. Example: `"writes its cache next to the binary"`.',
    ),
    privilegeEscalation: Reason.optional().describe('Allow privilege escalation (setuid binaries), with the reason; the namespace gets the `baseline` level.'),
    capabilities: dictOf(z.string().regex(/^[A-Z_]+$/), Reason.describe('Why the capability is needed. Example: `"binds port 443 as non-root"`.'))
      .optional()
      .describe(
        'Linux capabilities to add (all others stay dropped), each with a reason; the namespace gets the `baseline` level. Example: `{ NET_BIND_SERVICE: "binds port 443 as non-root" }`.',
      ),
  })
  .describe(
    'Opt-outs from restricted pod security, each with a reason of at least 12 characters; they are shown as warnings on every run and recorded in the pod annotation `flotilla.dev/security-opt-out`.',
  );

export const Container = z
  .strictObject({
    image: Image.describe('Image reference; pin a version or digest. Example: `ghcr.io/org/shop:1.4.2`.'),
    command: z.array(z.string().describe('A word of the command.')).optional().describe('Replaces the image entrypoint. Example: `[php-fpm]`.'),
    args: z.array(z.string().describe('An argument.')).optional().describe('Arguments to the entrypoint. Example: `[--port, "8080"]`.'),
    workingDir: z.string().optional().describe('Working directory. Default: the image one. Example: `/app`.'),
    ports: dictOf(Name, portWithProtocol('The container port number', '8080'))
      .optional()
      .describe(
        'Named container ports; Services, probes, routes and policies refer to them by name, and take their protocol. Example: `{ http: 8080, turn: { port: 3478, protocol: UDP } }`.',
      ),
    env: dictOf(EnvName, EnvValue).optional().describe('Environment variables by name. Example: `{ LOG_LEVEL: info, DB_HOST: { service: mariadb } }`.'),
    envFrom: z
      .array(
        z
          .strictObject({
            configMap: Name.optional().describe('A ConfigMap of this app: all its keys. Example: `settings`.'),
            secret: Name.optional().describe('A secret of this app: all its keys. Example: `db`.'),
          })
          .describe('Set one of configMap or secret. Example: `{ configMap: settings }`.'),
      )
      .optional()
      .describe('Every key of these ConfigMaps and secrets as an environment variable. Example: `[{ configMap: settings }]`.'),
    mounts: dictOf(Name, Mount).optional().describe('Volumes of the component (by name) to mount paths. Example: `{ data: /var/lib/mysql }`.'),
    probes: z
      .strictObject({
        readiness: Probe.optional().describe('Traffic goes to the pod only while this passes.'),
        liveness: Probe.optional().describe('The container restarts when this fails.'),
        startup: Probe.optional().describe('Holds off the other probes until it passes once (slow starters).'),
      })
      .optional()
      .describe('Health probes. Default: none. Example: `{ readiness: { http: { path: /healthz, port: http } } }`.'),
    resources: Resources.optional(),
    lifecycle: z
      .strictObject({
        postStart: Handler.optional().describe('Runs right after the container starts.'),
        preStop: Handler.optional().describe('Runs before the container is stopped (drain connections).'),
      })
      .optional()
      .describe('Lifecycle hooks. Example: `{ preStop: { sleepSeconds: 5 } }`.'),
    securityOptOut: SecurityOptOut.optional(),
    imagePullPolicy: z
      .enum(['Always', 'IfNotPresent', 'Never'])
      .optional()
      .describe('When the image is pulled. Default: the Kubernetes default (`IfNotPresent` for a pinned tag, `Always` for `latest`).'),
    restartPolicy: z
      .literal('Always', { message: 'expected "Always" (it makes an init container a sidecar; without restartPolicy, one that runs to completion)' })
      .optional()
      .describe('Init containers only: `Always` makes it a sidecar that starts before the containers and runs beside them. Default: runs to completion.'),
    stdin: z.boolean().optional().describe('Keep stdin open (interactive tools). Default: `false`.'),
    tty: z.boolean().optional().describe('Allocate a terminal. Default: `false`.'),
    terminationMessagePath: z
      .string()
      .startsWith('/', { message: 'expected an absolute path in the container' })
      .max(4096, { message: 'expected a path of at most 4096 characters' })
      .optional()
      .describe('File the container writes its termination message to, read when it stops. Default: `/dev/termination-log`. Example: `/tmp/termination-log`.'),
    dependsOn: z
      .union([
        Name.describe('One container of the same group. Example: `migrate`.'),
        z
          .array(Name.describe('A container of the same group. Example: `migrate`.'))
          .min(1)
          .describe('Several containers of the same group. Example: `[wait-for-db, migrate]`.'),
      ])
      .optional()
      .describe(
        'Containers of the same group (containers, or initContainers) this one comes after: the pod lists them first, so an init container runs, and a sidecar starts, only once those before it have. A cycle or an unknown name is an error. Default: the order written. Example: `[wait-for-db]`.',
      ),
    terminationMessagePolicy: z
      .enum(['File', 'FallbackToLogsOnError'])
      .optional()
      .describe('`FallbackToLogsOnError`: the end of the log is the termination message when none was written. Default: `File`.'),
    runAsUser: z.number().int().min(1).optional().describe('A non-root UID, when the image does not set one. Default: the image user. Example: `10001`.'),
  })
  .describe(
    'A container. It runs restricted by default: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root filesystem with a writable `/tmp`. Example: `{ image: nginx:1.27, ports: { http: 8080 } }`.',
  );

export type ContainerInput = z.input<typeof Container>;
export { Duration, Resources };
