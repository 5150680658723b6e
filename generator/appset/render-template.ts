/**
 * utils.Render from the ApplicationSet controller: every string in the
 * template — values and map keys, at any depth — is rendered on its own with
 * the parameters (Go template or fasttemplate); other values are copied and
 * null map entries dropped. RenderTemplateParams then adds the
 * resources-finalizer unless preserveResourcesOnDeletion is set.
 */
import { compileTemplate } from './compile-template.ts';
import { renderFastTemplate } from './fasttemplate.ts';
import { type GoMap, renderGoTemplate } from './go-template/index.ts';

export interface TemplateMode {
  goTemplate: boolean;
  goTemplateOptions: readonly string[];
}

export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

export function renderString(text: string, params: GoMap, mode: TemplateMode): string {
  try {
    return mode.goTemplate ? renderGoTemplate(text, params, mode.goTemplateOptions) : renderFastTemplate(text, params);
  } catch (error) {
    if (!mode.goTemplate) throw error;
    // Argo CD's own wording around text/template's error.
    const failedToParse = (error as Error).name === 'TemplateError';
    throw new Error(`failed to ${failedToParse ? 'parse template' : 'execute go template'} ${text}: ${(error as Error).message}`);
  }
}

/** deeplyReplace on JSON-shaped data: strings and map keys rendered, everything else copied. */
export function renderDeep(value: unknown, params: GoMap, mode: TemplateMode): unknown {
  if (typeof value === 'string') return renderString(value, params, mode);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, params, mode));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    out[renderString(key, params, mode)] = renderDeep(v, params, mode);
  }
  return out;
}

export interface ApplicationTemplate {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec?: Record<string, unknown>;
}

export interface RenderedApplication {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec: Record<string, unknown>;
}

const picks = new WeakMap<ApplicationTemplate, ApplicationTemplate>();

/** The same picked object for the same template, so its compiled form is cached. */
function pickFields(template: ApplicationTemplate): ApplicationTemplate {
  let picked = picks.get(template);
  if (!picked) {
    const { name, namespace, labels, annotations, finalizers } = template.metadata ?? {};
    picked = { metadata: { name, namespace, labels, annotations, finalizers }, spec: template.spec ?? {} };
    picks.set(template, picked);
  }
  return picked;
}

/**
 * RenderTemplateParams: only name, namespace, labels, annotations and finalizers of the template's
 * metadata reach the Application (getTempApplication). Empty parameters leave the template as written.
 */
export function renderApplication(template: ApplicationTemplate, params: GoMap, mode: TemplateMode, preserveResourcesOnDeletion: boolean): RenderedApplication {
  const picked = pickFields(template);
  // Argo CD returns the template untouched (and without a finalizer) when there are no parameters.
  if (Object.keys(params).length === 0) {
    const copy = JSON.parse(JSON.stringify(picked)) as RenderedApplication;
    return { metadata: { ...copy.metadata, name: copy.metadata?.name ?? '' }, spec: copy.spec ?? {} };
  }
  const rendered = compileTemplate(picked, mode)(params) as RenderedApplication;
  // Parts without templates are shared (and frozen); metadata gets its own copy before it is completed.
  const metadata = { ...rendered.metadata, name: rendered.metadata?.name ?? '' };
  if (!preserveResourcesOnDeletion && !metadata.finalizers?.length) metadata.finalizers = [RESOURCES_FINALIZER];
  return { metadata, spec: rendered.spec ?? {} };
}
