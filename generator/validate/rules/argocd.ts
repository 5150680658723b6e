/**
 * The Argo CD a fleet declares (fleet.yaml `argocd.version`,
 * `argocd.resourceTracking`) must be one Flotilla's output works on. Flotilla
 * needs annotation-based resource tracking: under label tracking Argo CD
 * writes the Application's name into `app.kubernetes.io/instance` on every
 * object it applies, and the network policy of a chart selects the chart's
 * pods by that label (their Helm release name), so they would fall outside it;
 * objects an operator copies labels onto would be pruned as the Application's.
 * Label tracking is Argo CD's default before 3.0.
 */
import { ARGOCD_RELEASE } from '../../appset/argocd-release.ts';
import { fileLayer, type RuleContext } from './context.ts';

const TRACKING_HINT =
  'Set application.resourceTrackingMethod: annotation in the argocd-cm ConfigMap (the default since Argo CD 3.0), and argocd.resourceTracking: annotation here.';

export function argocdRules(ctx: RuleContext): void {
  const { fleet } = ctx;
  const layer = fileLayer(fleet.fleetFile);
  const { version, resourceTracking } = fleet.fleet.argocd;
  if (resourceTracking === 'label') {
    ctx.error(
      layer,
      ['argocd', 'resourceTracking'],
      "Flotilla needs annotation-based resource tracking: with label tracking Argo CD overwrites app.kubernetes.io/instance, by which the network policy of each chart selects the chart's pods",
      TRACKING_HINT,
    );
  }
  if (version === undefined) return;
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number) as [number, number];
  if (major < 3 && resourceTracking === undefined) {
    ctx.error(
      layer,
      ['argocd', 'version'],
      `Argo CD ${version} tracks resources by label unless configured otherwise; Flotilla needs annotation-based tracking (the default since 3.0)`,
      'Upgrade to Argo CD 3.0 or later, or set application.resourceTrackingMethod: annotation in the argocd-cm ConfigMap and declare argocd.resourceTracking: annotation here.',
    );
  } else if (major < 3) {
    ctx.warn(
      layer,
      ['argocd', 'version'],
      `Argo CD ${version} is older than 3.0, the oldest release Flotilla's output is checked against (preview evaluates ApplicationSets as ${ARGOCD_RELEASE})`,
      'Upgrade to Argo CD 3.0 or later.',
    );
  }
  const [implMajor, implMinor] = ARGOCD_RELEASE.replace(/^v/, '').split('.').map(Number) as [number, number];
  if (major > implMajor || (major === implMajor && minor > implMinor)) {
    ctx.warn(
      layer,
      ['argocd', 'version'],
      `Argo CD ${version} is newer than ${ARGOCD_RELEASE}, the release preview and diff evaluate ApplicationSets as; what they show may differ where that release changed ApplicationSets`,
    );
  }
}
