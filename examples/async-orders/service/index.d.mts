/** Types for the async-orders service (index.mjs). Hand-written so the service runs without a build. */
export declare const HOST: '127.0.0.1';
export declare const UNIT_PRICE: number;

export interface Order {
  orderId: string;
  item: string;
  quantity: number;
  amount: number;
  status: 'pending' | 'confirmed';
  confirmationId?: string;
}

export interface Broker {
  /** `mqtt://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

export interface OrderService {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly orders: Map<string, Order>;
  close(): Promise<void>;
}

export declare function startBroker(options?: { port?: number }): Promise<Broker>;
export declare function startOrderService(options: { brokerUrl: string; port?: number; confirmDelayMs?: number }): Promise<OrderService>;
