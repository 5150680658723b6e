/**
 * The Argo CD release whose ApplicationSet controller the evaluator
 * reproduces: its generators, template rendering, Sprig function set and
 * validation. Its tests are ported from this release's sources.
 */
export const ARGOCD_RELEASE = 'v3.5.1';
