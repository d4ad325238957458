/** The messaging layer: transports by protocol, and the inbox receives take from. */
export type { ChannelWildcard, MessageListener, Transport, TransportConnectOptions, TransportFactory, TransportMessage, TransportSubscription } from './types.js';
export {
  connectTransport,
  registerTransport,
  supportedProtocols,
  transportFactory,
  unsupportedProtocol,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  type ConnectTransportOptions,
} from './registry.js';
export { MessageInbox, DEFAULT_INBOX_MAX_BYTES, DEFAULT_INBOX_MAX_MESSAGES, DEFAULT_RECEIVE_TIMEOUT_MS, type InboxLimits, type MessageMatch } from './inbox.js';
