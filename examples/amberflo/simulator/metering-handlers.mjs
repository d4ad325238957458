/**
 * The Metering API's operations, keyed by operationId. Each handler gets a request whose
 * body and query already passed the OpenAPI schemas, changes the state, and answers.
 */
import { nextId } from './state.mjs';
import { ok, problem } from './replies.mjs';
import { aggregateUsage } from './usage-query.mjs';

/**
 * @typedef {import('./state.mjs').SimulatorState} SimulatorState
 * @typedef {import('./state.mjs').MeterDefinition} MeterDefinition
 * @typedef {import('./state.mjs').MeterEvent} MeterEvent
 * @typedef {import('./state.mjs').FilteringRule} FilteringRule
 * @typedef {import('./replies.mjs').Reply} Reply
 * @typedef {{ state: SimulatorState; body: any; pathParameters: Record<string, string>; query: Record<string, string>; now: number }} HandlerRequest
 * @typedef {(request: HandlerRequest) => Reply} Handler
 */

/** @param {string} meterApiName */
const meterNotFound = (meterApiName) => problem(404, 'NOT_FOUND', `meter definition '${meterApiName}' does not exist`);
/** @param {string} meterApiName */
const unknownMeter = (meterApiName) =>
  problem(400, 'UNKNOWN_REFERENCE', `meter '${meterApiName}' is not defined; create it with POST /meter-definition first`);

/** @type {Record<string, Handler>} */
export const meteringHandlers = {
  listMeterDefinitions: ({ state }) => ok([...state.meters.values()]),

  createMeterDefinition: ({ state, body, now }) => {
    // Simulator decision (README): like customers, an existing key is refused rather than
    // silently overwritten; PUT /meter-definition changes a meter.
    if (state.meters.has(body.meterApiName)) {
      return problem(
        400,
        'ALREADY_EXISTS',
        `meter definition '${body.meterApiName}' already exists; use PUT /meter-definition to change it`,
      );
    }
    /** @type {MeterDefinition} */
    const meter = {
      meterApiName: body.meterApiName,
      displayName: body.displayName,
      label: body.meterApiName,
      type: body.type,
      meterTimeInMillis: now,
      dimensions: body.dimensions ?? [],
    };
    state.meters.set(meter.meterApiName, meter);
    return ok(meter);
  },

  updateMeterDefinition: ({ state, body }) => {
    const existing = state.meters.get(body.meterApiName);
    if (!existing) return meterNotFound(body.meterApiName);
    /** @type {MeterDefinition} */
    const meter = {
      meterApiName: existing.meterApiName,
      displayName: body.displayName,
      label: body.label ?? existing.label,
      type: body.type,
      meterTimeInMillis: existing.meterTimeInMillis,
      dimensions: body.dimensions ?? existing.dimensions,
    };
    state.meters.set(meter.meterApiName, meter);
    return ok(meter);
  },

  getMeterDefinitionById: ({ state, pathParameters }) => {
    const meterApiName = pathParameters['meterApiName'] ?? '';
    const meter = state.meters.get(meterApiName);
    return meter ? ok(meter) : meterNotFound(meterApiName);
  },

  deleteMeterDefinition: ({ state, pathParameters }) => {
    const meterApiName = pathParameters['meterApiName'] ?? '';
    const meter = state.meters.get(meterApiName);
    if (!meter) return meterNotFound(meterApiName);
    state.meters.delete(meterApiName);
    // Its filtering rules go with it; recorded events stay, as billed usage would.
    for (const [ruleId, rule] of state.filteringRules) {
      if (rule.meterApiName === meterApiName) state.filteringRules.delete(ruleId);
    }
    return ok(meter);
  },

  ingestMeterEvents: ({ state, body, now }) => {
    /** @type {any[]} */
    const events = Array.isArray(body) ? body : [body];
    // Stricter than Amberflo (README): unknown meters and customers are refused, and the
    // whole batch is refused when one event is, so a typo cannot half-ingest a batch.
    const details = events.flatMap((event, index) => {
      const where = Array.isArray(body) ? `body [${index}]` : 'body';
      return [
        ...(state.meters.has(event.meterApiName) ? [] : [`${where}: meter '${event.meterApiName}' is not defined`]),
        ...(state.customers.has(event.customerId) ? [] : [`${where}: customer '${event.customerId}' does not exist`]),
      ];
    });
    if (details.length > 0) {
      return problem(400, 'UNKNOWN_REFERENCE', 'events refer to meters or customers that do not exist', details);
    }
    for (const event of events) {
      if (event.uniqueId !== undefined) {
        if (state.uniqueIds.has(event.uniqueId)) continue;
        state.uniqueIds.add(event.uniqueId);
      }
      if (!passesFilteringRules(state, event)) continue;
      state.events.push(storedEvent(event, now));
    }
    return ok('OK');
  },

  queryUsage: ({ state, body }) => {
    const meter = state.meters.get(body.meterApiName);
    if (!meter) return unknownMeter(body.meterApiName);
    const result = aggregateUsage(meter, state.events, body);
    return result.ok ? ok(result.report) : problem(400, 'VALIDATION_ERROR', result.message);
  },

  listFilteringRules: ({ state, query }) => {
    const meterApiName = query['meterApiName'] ?? '';
    if (!state.meters.has(meterApiName)) return unknownMeter(meterApiName);
    return ok([...state.filteringRules.values()].filter((rule) => rule.meterApiName === meterApiName));
  },

  createFilteringRule: ({ state, body }) => {
    if (!state.meters.has(body.meterApiName)) return unknownMeter(body.meterApiName);
    /** @type {FilteringRule} */
    const rule = {
      ruleId: body.ruleId ?? nextId(state, 'rule'),
      meterApiName: body.meterApiName,
      dimensionName: body.dimensionName,
      dimensionValues: body.dimensionValues,
      action: body.action,
    };
    state.filteringRules.set(rule.ruleId, rule);
    return ok(rule);
  },
};

/**
 * INCLUDE keeps only events whose dimension holds a listed value (an event without the
 * dimension is dropped); EXCLUDE drops events whose dimension holds one.
 * @param {SimulatorState} state
 * @param {{ meterApiName: string; dimensions?: Record<string, string> }} event
 */
function passesFilteringRules(state, event) {
  for (const rule of state.filteringRules.values()) {
    if (rule.meterApiName !== event.meterApiName) continue;
    const value = event.dimensions?.[rule.dimensionName];
    const listed = value !== undefined && rule.dimensionValues.includes(value);
    if (rule.action === 'INCLUDE' ? !listed : listed) return false;
  }
  return true;
}

/**
 * @param {any} event a body event that passed the MeterEvent schema
 * @param {number} now
 * @returns {MeterEvent}
 */
function storedEvent(event, now) {
  return {
    meterApiName: event.meterApiName,
    customerId: event.customerId,
    meterValue: event.meterValue,
    meterTimeInMillis: event.meterTimeInMillis,
    ...(event.uniqueId !== undefined ? { uniqueId: event.uniqueId } : {}),
    ...(event.dimensions !== undefined ? { dimensions: { ...event.dimensions } } : {}),
    ingestTimeInMillis: now,
  };
}
