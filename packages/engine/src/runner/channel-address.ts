/**
 * Channel addresses of asynchronous steps (Arazzo 1.1.0 §Parameter Object `in: channel`): the address with its
 * `{parameter}` placeholders filled (DECISIONS D104), and, for a receive whose address a step settles later, the
 * wildcard subscription a run makes when it starts (DECISIONS D112).
 */
import type { ChannelWildcard } from '../messaging/types.js';
import type { MessageStepPlan } from './message-step-plan.js';
import type { WorkflowContext } from './plan.js';

const PLACEHOLDER = /\{([^}]+)\}/g;
const WHOLE_PLACEHOLDER = /^\{([^}]+)\}$/;

/** The channel address of `target` with its `{parameter}` placeholders filled from the step's channel parameters. */
export function channelAddress(target: MessageStepPlan, context: WorkflowContext): { readonly address: string } | { readonly problem: string } {
  const written = target.operation.channel.address;
  if (written === undefined) return { problem: `the channel '${target.operation.channel.name}' has no address (AsyncAPI: a dynamic channel); Loom needs one to send or receive` };
  let problem: string | undefined;
  const address = written.replace(PLACEHOLDER, (placeholder, name: string) => {
    const parameter = target.channelParameters.find((candidate) => candidate.name === name);
    const value = parameter?.value.evaluate(context);
    if (!isAddressValue(value)) {
      problem ??=
        parameter === undefined
          ? `the channel address '${written}' needs the parameter '${name}' (a step parameter with in: channel)`
          : `the channel parameter '${name}' has no value${value === undefined ? `: ${parameter.value.explainMissing(context) ?? 'missing'}` : ' a channel address can hold'}`;
      return placeholder;
    }
    return String(value);
  });
  return problem === undefined ? { address } : { problem };
}

/**
 * DECISIONS D112: the subscription that covers every address `target` may receive on once the parameters `context`
 * cannot settle yet are known: each such placeholder replaced by the protocol's single-level wildcard, the others
 * filled. Undefined when one of them is not a whole level of the address (`orders-{id}`), or names no step parameter.
 */
export function earlyChannelFilter(target: MessageStepPlan, context: WorkflowContext, wildcard: ChannelWildcard): string | undefined {
  const written = target.operation.channel.address;
  if (written === undefined) return undefined;
  const levels: string[] = [];
  for (const level of written.split(wildcard.separator)) {
    let unknown = false;
    const filled = level.replace(PLACEHOLDER, (placeholder, name: string) => {
      const value = target.channelParameters.find((candidate) => candidate.name === name)?.value.evaluate(context);
      if (isAddressValue(value)) return String(value);
      unknown = true;
      return placeholder;
    });
    if (!unknown) {
      levels.push(filled);
      continue;
    }
    const name = WHOLE_PLACEHOLDER.exec(level)?.[1];
    if (name === undefined || !target.channelParameters.some((candidate) => candidate.name === name)) return undefined;
    levels.push(wildcard.singleLevel);
  }
  return levels.join(wildcard.separator);
}

/** Whether the wildcard subscription `filter` (from {@link earlyChannelFilter}) receives what is published to `address`. */
export function filterCovers(filter: string, address: string, wildcard: ChannelWildcard): boolean {
  const filterLevels = filter.split(wildcard.separator);
  const addressLevels = address.split(wildcard.separator);
  return filterLevels.length === addressLevels.length && filterLevels.every((level, index) => level === wildcard.singleLevel || level === addressLevels[index]);
}

function isAddressValue(value: unknown): boolean {
  return value !== undefined && value !== null && typeof value !== 'object';
}
