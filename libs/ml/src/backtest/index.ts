export * from './backtest.types.js';
export {
  runBacktest,
  BACKTEST_EVENT_TYPES,
  BACKTEST_FEED_FILTER,
  type BacktestModel,
  type BacktestResult,
} from './run-backtest.js';
export type { ReplayRecord, LiveScore } from './backtest-ledger.js';
export { formatBacktestTable } from './backtest-table.js';
