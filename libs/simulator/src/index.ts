// libs/simulator: a seeded, deterministic generator of card-payment transactions with ground-truth
// fraud labels. Pure: no I/O, no clock, no Math.random. Used by the `npm run simulate` CLI (which
// paces and sends them) and to generate labelled training data.
//
//   import { createSimulation } from '#simulator';
//   const simulation = createSimulation({ seed: 42, fraudShare: 0.01, start: new Date('2025-01-01') });
//   for (const { transaction, label } of simulation.take(100_000)) {
//     // transaction: Transaction (from #domain), in time order, realistic timestamps
//     // label: { isFraud, scenario: 'card_testing' | 'account_takeover' | 'compromised_merchant'
//     //          | 'velocity_burst' | 'impossible_travel' | null, chargebackAt: ISO string | null }
//   }
//   simulation.dueChargebacks(); // chargebacks whose reportedAt the simulated clock has passed
//
// Simulated time advances with the population's own rhythm (10,000 customers pay ~30,000 times a
// simulated day), independent of how fast transactions are taken. Fraud is learnable from behaviour
// against a customer's and a merchant's history, not from any one field: see docs/SIMULATOR.md.
export { createSimulation } from './simulation.js';
export {
  DEFAULT_SCENARIO_WEIGHTS,
  type FraudLabel,
  type SimulatedChargeback,
  type SimulatedTransaction,
  type Simulation,
  type SimulationOptions,
  type SimulationStats,
} from './simulation.types.js';
export { FRAUD_SCENARIOS, type FraudScenario } from './scenarios.js';
export type { Customer, Merchant, Population } from './population.js';
export { COUNTRIES, CATEGORIES, distanceKm, type Country, type Category } from './world.js';
