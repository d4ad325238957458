/**
 * The simulator's memory: everything an account holds, kept in plain Maps and arrays so
 * tests can read it directly. Cleared in place by clearState so references stay valid.
 */

/**
 * @typedef {{ meterApiName: string; displayName: string; label: string; type: 'SUM_OF_ALL_USAGE' | 'MAX_IN_PERIOD' | 'UNIQUE_CUSTOMERS_COUNT'; meterTimeInMillis: number; dimensions: string[] }} MeterDefinition
 * @typedef {{ customerId: string; customerName: string; createTime: number; updateTime: number; [field: string]: unknown }} Customer
 * @typedef {{ customerId: string; productId: string; productPlanId?: string; startTimeInSeconds: number; createTime: number }} PricingPlanAssignment
 * @typedef {{ orderId: string; customerId: string; amount: number; currency: string; createTime: number; expirationTime?: number }} PrepaidOrder
 * @typedef {{ ruleId: string; meterApiName: string; dimensionName: string; dimensionValues: string[]; action: 'INCLUDE' | 'EXCLUDE' }} FilteringRule
 * @typedef {{ meterApiName: string; customerId: string; meterValue: number; meterTimeInMillis: number; uniqueId?: string; dimensions?: Record<string, string>; ingestTimeInMillis: number }} MeterEvent
 * @typedef {{
 *   meters: Map<string, MeterDefinition>;
 *   customers: Map<string, Customer>;
 *   assignments: PricingPlanAssignment[];
 *   prepaidOrders: PrepaidOrder[];
 *   filteringRules: Map<string, FilteringRule>;
 *   events: MeterEvent[];
 *   uniqueIds: Set<string>;
 *   sequence: { next: number };
 * }} SimulatorState
 */

/** @returns {SimulatorState} */
export function createState() {
  return {
    meters: new Map(),
    customers: new Map(),
    assignments: [],
    prepaidOrders: [],
    filteringRules: new Map(),
    events: [],
    uniqueIds: new Set(),
    sequence: { next: 1 },
  };
}

/** @param {SimulatorState} state */
export function clearState(state) {
  state.meters.clear();
  state.customers.clear();
  state.assignments.length = 0;
  state.prepaidOrders.length = 0;
  state.filteringRules.clear();
  state.events.length = 0;
  state.uniqueIds.clear();
  state.sequence.next = 1;
}

/**
 * A fresh identifier for something the simulator creates (`rule-1`, `order-2`).
 * @param {SimulatorState} state
 * @param {string} prefix
 */
export function nextId(state, prefix) {
  return `${prefix}-${state.sequence.next++}`;
}
