// CustomerState <-> JSON. The state holds -Infinity / NaN before a customer's first transaction,
// which JSON cannot carry: they travel as null. Every other number round-trips exactly.
import type { CustomerState } from '#ml';

export type StoredCustomerState = Omit<CustomerState, 'latestTime' | 'previousTime'> & {
  readonly latestTime: number | null;
  readonly previousTime: number | null;
};

export function encodeCustomerState(state: CustomerState): StoredCustomerState {
  return {
    ...state,
    latestTime: Number.isFinite(state.latestTime) ? state.latestTime : null,
    previousTime: Number.isFinite(state.previousTime) ? state.previousTime : null,
  };
}

export function decodeCustomerState(stored: StoredCustomerState): CustomerState {
  return {
    recentTimes: [...stored.recentTimes],
    recentAmounts: [...stored.recentAmounts],
    recentCountries: [...stored.recentCountries],
    recentIds: [...stored.recentIds],
    latestTime: stored.latestTime ?? Number.NEGATIVE_INFINITY,
    count: stored.count,
    usualAmountLog: stored.usualAmountLog,
    previousTime: stored.previousTime ?? Number.NaN,
    previousCountry: stored.previousCountry,
    countries: [...stored.countries],
    merchants: [...stored.merchants],
    devices: [...stored.devices],
  };
}
