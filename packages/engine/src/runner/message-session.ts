/**
 * A run's broker connections and inbox (DECISIONS D27, D68, D105, D112). One connection per broker
 * URL, opened when the run starts for every channel the run may receive on, or when a step first
 * needs it otherwise. A channel whose address only a step settles is subscribed with the protocol's
 * single-level wildcard in place of what is unknown, where it has one; each connection's inbox keeps
 * what arrives until a receive step takes it. Everything is closed when the run ends.
 */
import { LoomError } from '../errors.js';
import { brokerIdentity } from '../messaging/connection-support.js';
import { MessageInbox } from '../messaging/inbox.js';
import { connectTransport } from '../messaging/registry.js';
import type { Transport } from '../messaging/types.js';
import { channelAddress, earlyChannelFilter, filterCovers } from './channel-address.js';
import type { MessageStepPlan } from './message-step-plan.js';
import type { WorkflowContext, WorkflowPlan } from './plan.js';
import { messageStepsReachable } from './message-steps.js';

/** One broker of a run: its transport and the inbox receives take from. */
export interface BrokerConnection {
  readonly transport: Transport;
  readonly inbox: MessageInbox;
  /** The broker's URL as Loom shows it (user info as `****@`). */
  readonly shownUrl: string;
}

export interface MessageSessionOptions {
  /** By source name: a broker URL that replaces the AsyncAPI servers of that source (`--server`). */
  readonly servers: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Broker passwords join the run's secrets (DECISIONS D21, D31). */
  readonly onSecret: (value: string) => void;
}

/** Where a step's broker is: the URL and the protocol that speaks to it. */
interface BrokerAddress {
  readonly key: string;
  readonly url: URL;
  readonly protocol: string;
  readonly protocolVersion?: string;
}

/** Where a receive takes its message from: the inbox subscription and, when that is a wildcard, the one address it waits on. */
export interface ReceiveSubscription {
  readonly channel: string;
  readonly address?: string;
}

export class MessageSession {
  private readonly connections = new Map<string, Promise<BrokerConnection>>();
  /** DECISIONS D112: the wildcard subscription made when the run started, by receive step. */
  private readonly earlyFilters = new Map<MessageStepPlan, string>();

  private constructor(private readonly options: MessageSessionOptions) {}

  /**
   * DECISIONS D27, D105, D112: connects to the broker of every receive the run of `plan` may make and
   * subscribes to each channel whose address the inputs settle, before the first step runs; a channel
   * whose address a step settles is subscribed with the protocol's single-level wildcard in place of
   * each parameter still unknown, where the protocol has one and each such parameter is a whole level.
   * Undefined when the run has no asynchronous step. Throws `LOOM_ERR_TRANSPORT` (broker down) or
   * `LOOM_ERR_PROTOCOL_UNSUPPORTED`, with every connection made so far closed.
   */
  static async open(plan: WorkflowPlan, inputs: Readonly<Record<string, unknown>>, options: MessageSessionOptions): Promise<MessageSession | undefined> {
    const steps = messageStepsReachable(plan);
    if (steps.length === 0) return undefined;
    const session = new MessageSession(options);
    const context: WorkflowContext = { inputs, steps: {}, workflows: {}, sourceDescriptions: plan.sourceDescriptions };
    try {
      for (const target of steps) {
        if (target.action !== 'receive') continue;
        const connection = await session.connection(target);
        const channel = channelAddress(target, context);
        if ('address' in channel) {
          await connection.inbox.listen(connection.transport, channel.address);
          continue;
        }
        // Only known once a step has run: a wildcard subscription now where the protocol has one (D112), else when the receive step starts (D105).
        const wildcard = connection.transport.channelWildcard;
        const filter = wildcard === undefined ? undefined : earlyChannelFilter(target, context, wildcard);
        if (filter === undefined) continue;
        await connection.inbox.listen(connection.transport, filter);
        session.earlyFilters.set(target, filter);
      }
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  /** The connection to `target`'s broker, made on first use. */
  connection(target: MessageStepPlan): Promise<BrokerConnection> {
    const broker = this.brokerOf(target);
    let connection = this.connections.get(broker.key);
    if (connection === undefined) {
      connection = this.connect(broker);
      this.connections.set(broker.key, connection);
      // A failed connect is not kept: a later step tries again.
      connection.catch(() => this.connections.delete(broker.key));
    }
    return connection;
  }

  /**
   * Where the receive of `target` on `address` takes its message from (DECISIONS D105, D112): the wildcard
   * subscription made when the run started, when it covers `address`; else `address` itself, subscribed now.
   */
  async receiveSubscription(target: MessageStepPlan, connection: BrokerConnection, address: string): Promise<ReceiveSubscription> {
    const filter = this.earlyFilters.get(target);
    const wildcard = connection.transport.channelWildcard;
    if (filter !== undefined && wildcard !== undefined && filterCovers(filter, address, wildcard)) return { channel: filter, address };
    await connection.inbox.listen(connection.transport, address);
    return { channel: address };
  }

  /** Closes every inbox and transport; what is still buffered is dropped. */
  async close(): Promise<void> {
    const connections = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(
      connections.map(async (pending) => {
        const connection = await pending.catch(() => undefined);
        if (connection === undefined) return;
        await connection.inbox.close();
        await connection.transport.close().catch(() => undefined);
      }),
    );
  }

  private async connect(broker: BrokerAddress): Promise<BrokerConnection> {
    const identity = brokerIdentity(broker.url);
    if (identity.credentials.password !== undefined) this.options.onSecret(identity.credentials.password);
    if (broker.url.password !== '') this.options.onSecret(broker.url.password);
    let inbox: MessageInbox | undefined;
    let lost: unknown;
    const transport = await connectTransport({
      url: broker.url,
      protocol: broker.protocol,
      ...(broker.protocolVersion === undefined ? {} : { protocolVersion: broker.protocolVersion }),
      ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
      // DECISIONS D69: a connection given up fails the receives waiting on it at once.
      onFailure: (error) => {
        lost = error;
        inbox?.fail(error);
      },
    });
    inbox = await MessageInbox.open(transport, []);
    if (lost !== undefined) inbox.fail(lost);
    return { transport, inbox, shownUrl: identity.shownUrl };
  }

  /** DECISIONS D105: a `--server <source>=<url>` override wins; else the operation's first AsyncAPI server. */
  private brokerOf(target: MessageStepPlan): BrokerAddress {
    const override = Object.hasOwn(this.options.servers, target.sourceName) ? this.options.servers[target.sourceName] : undefined;
    const server = target.operation.servers[0];
    const written = override ?? server?.url;
    if (written === undefined) {
      throw new LoomError('LOOM_ERR_USAGE', `the AsyncAPI operation '${target.operation.operationId}' of source '${target.sourceName}' has no server; give one with --server ${target.sourceName}=<url>`);
    }
    let url: URL;
    try {
      url = new URL(written);
    } catch {
      throw new LoomError('LOOM_ERR_USAGE', `the server of AsyncAPI source '${target.sourceName}' is not a URL: ${brokerText(written)}`);
    }
    const protocol = override !== undefined ? url.protocol.replace(/:$/, '') : (server?.protocol ?? url.protocol.replace(/:$/, ''));
    // The AsyncAPI server's protocolVersion (MQTT 5...) still applies to an override of the same protocol.
    const protocolVersion = server !== undefined && server.protocol.toLowerCase() === protocol.toLowerCase() ? server.protocolVersion : undefined;
    return { key: url.href, url, protocol, ...(protocolVersion === undefined ? {} : { protocolVersion }) };
  }
}

/** A URL that did not parse, without what looks like user info. */
function brokerText(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//****@');
}
