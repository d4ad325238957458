/**
 * DECISIONS D112: which wildcard subscription a run makes when it starts for a receive whose channel address a
 * step settles later, and which addresses it covers. The parameter values are given as value plans: one known
 * when the run starts (an input) and one known only after a step (`undefined` now).
 */
import { describe, expect, it } from 'vitest';
import { earlyChannelFilter, filterCovers } from '../../src/runner/channel-address.js';
import type { MessageStepPlan } from '../../src/runner/message-step-plan.js';
import type { ValuePlan, WorkflowContext } from '../../src/runner/plan.js';

const MQTT = { separator: '/', singleLevel: '+' } as const;
const NATS = { separator: '.', singleLevel: '*' } as const;
const context = { inputs: {}, steps: {}, workflows: {} } as unknown as WorkflowContext;

function value(known: unknown): ValuePlan {
  return { evaluate: () => known, explainMissing: () => (known === undefined ? 'step ticket has no output ticket' : undefined), constant: known !== undefined, preview: () => known };
}

/** A receive on `address` whose parameters have the given values when the run starts (undefined: a step settles it). */
function receiveOn(address: string, parameters: Record<string, unknown>): MessageStepPlan {
  return {
    operation: { channel: { name: 'c', address } },
    channelParameters: Object.entries(parameters).map(([name, known]) => ({ name, value: value(known) })),
  } as unknown as MessageStepPlan;
}

describe('D112: the early wildcard subscription', () => {
  it('D112: each parameter a step settles is the single-level wildcard; parameters known at the start are filled', () => {
    expect(earlyChannelFilter(receiveOn('orders/{region}/{ticket}/confirmed', { region: 'eu', ticket: undefined }), context, MQTT)).toBe('orders/eu/+/confirmed');
    expect(earlyChannelFilter(receiveOn('orders.{ticket}.{line}', { ticket: undefined, line: undefined }), context, NATS)).toBe('orders.*.*');
  });

  it('D112: no early subscription when an unknown parameter is part of a level, or names no step parameter; an address of another protocol is one level', () => {
    expect(earlyChannelFilter(receiveOn('orders/ticket-{ticket}/confirmed', { ticket: undefined }), context, MQTT)).toBeUndefined();
    expect(earlyChannelFilter(receiveOn('orders/{ticket}/confirmed', {}), context, MQTT)).toBeUndefined();
    // With NATS separators, `orders/{ticket}/confirmed` is a single token that holds the parameter.
    expect(earlyChannelFilter(receiveOn('orders/{ticket}/confirmed', { ticket: undefined }), context, NATS)).toBeUndefined();
  });

  it('D112: the wildcard subscription covers an address only where every other level is the same and the parameter stayed within its level', () => {
    expect(filterCovers('orders/+/confirmed', 'orders/T-7/confirmed', MQTT)).toBe(true);
    expect(filterCovers('orders/+/confirmed', 'orders/T/7/confirmed', MQTT)).toBe(false);
    expect(filterCovers('orders/+/confirmed', 'orders/T-7/cancelled', MQTT)).toBe(false);
    expect(filterCovers('orders.*.confirmed', 'orders.T-7.confirmed', NATS)).toBe(true);
  });
});
