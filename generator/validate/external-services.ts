/**
 * The external services an app can name: the fleet's (fleet.yaml) and its own.
 * One lookup for every stage, so a name resolves the same way in validation,
 * the plan and the network policy. A name declared in both places is an error
 * (rules/external-services.ts); should it still reach here, the app's wins.
 */
import { type Dict, merged } from '../model/dict.ts';
import type { AppBodySpec } from './schema/app.ts';
import type { ExternalServiceSpec } from './schema/external-service.ts';
import type { FleetSpec } from './schema/fleet.ts';

export function externalServicesFor(fleet: Pick<FleetSpec, 'externalServices'>, body: Pick<AppBodySpec, 'externalServices'>): Dict<ExternalServiceSpec> {
  return merged<ExternalServiceSpec>(fleet.externalServices, body.externalServices);
}
