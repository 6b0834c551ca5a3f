// Every projection the service runs, by name (the names `npm run projections:rebuild -- <name>` takes).
import { alertsProjection } from '../alerts/alerts.projection.js';
import { policyProjection } from '../policy/policy.projection.js';
import { transactionsProjection } from '../transactions/transactions.projection.js';
import type { Projection } from './projection.js';

export const ALL_PROJECTIONS: readonly Projection[] = [
  transactionsProjection,
  alertsProjection,
  policyProjection,
];

/** The projections named, or all when none is; an unknown name is refused with the known ones. */
export function selectProjections(names: readonly string[]): Projection[] {
  if (names.length === 0) return [...ALL_PROJECTIONS];
  const known = new Map(ALL_PROJECTIONS.map((projection) => [projection.name, projection]));
  return names.map((name) => {
    const projection = known.get(name);
    if (!projection) {
      throw new Error(
        `Unknown projection "${name}": use one of ${[...known.keys()].join(', ')} (or none for all).`,
      );
    }
    return projection;
  });
}
