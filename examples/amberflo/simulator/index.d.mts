/**
 * Types for the Amberflo simulator (index.mjs). Hand-written so the simulator runs
 * without a build; keep them in step with index.mjs and state.mjs.
 */

/** The API key the simulator accepts unless told otherwise. */
export declare const DEMO_API_KEY: 'loom-amberflo-demo-key';
/** The only interface the simulator listens on. */
export declare const SIMULATOR_HOST: '127.0.0.1';
/** Request bodies above this many bytes are refused with 413. */
export declare const MAX_BODY_BYTES: number;

export interface SimulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Only `127.0.0.1` is accepted (the default). */
  host?: string;
  /** The key every request must send in X-API-KEY; default DEMO_API_KEY. */
  apiKey?: string;
  /** Called with one line per request (method, path, status, time); never holds the key. */
  log?: (line: string) => void;
  /** Keep every request in `requests` (default true); a long-running simulator turns it off. */
  recordRequests?: boolean;
}

export type MeterType = 'SUM_OF_ALL_USAGE' | 'MAX_IN_PERIOD' | 'UNIQUE_CUSTOMERS_COUNT';

export interface MeterDefinition {
  meterApiName: string;
  displayName: string;
  label: string;
  type: MeterType;
  /** When the meter was defined (Unix milliseconds). */
  meterTimeInMillis: number;
  dimensions: string[];
}

export interface Customer {
  customerId: string;
  customerName: string;
  customerEmail?: string;
  lifecycleStage?: 'ONBOARDING' | 'TRAIL' | 'ACTIVE' | 'OFFBOARDED';
  createTime: number;
  updateTime: number;
  [field: string]: unknown;
}

export interface PricingPlanAssignment {
  customerId: string;
  productId: string;
  productPlanId?: string;
  startTimeInSeconds: number;
  createTime: number;
}

export interface PrepaidOrder {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
  createTime: number;
  expirationTime?: number;
}

export interface FilteringRule {
  ruleId: string;
  meterApiName: string;
  dimensionName: string;
  dimensionValues: string[];
  action: 'INCLUDE' | 'EXCLUDE';
}

/** An event as stored: after validation, uniqueId de-duplication and filtering rules. */
export interface MeterEvent {
  meterApiName: string;
  customerId: string;
  meterValue: number;
  meterTimeInMillis: number;
  uniqueId?: string;
  dimensions?: Record<string, string>;
  /** When the simulator received it (Unix milliseconds). */
  ingestTimeInMillis: number;
}

export interface SimulatorState {
  /** meterApiName -> definition. */
  meters: Map<string, MeterDefinition>;
  /** customerId -> customer. */
  customers: Map<string, Customer>;
  /** Current plan assignments, at most one per customer and product, in assignment order. */
  assignments: PricingPlanAssignment[];
  prepaidOrders: PrepaidOrder[];
  /** ruleId -> rule. */
  filteringRules: Map<string, FilteringRule>;
  /** Stored events, in ingestion order. */
  events: MeterEvent[];
  /** Every uniqueId seen so far (an event repeating one is not stored again). */
  uniqueIds: Set<string>;
  sequence: { next: number };
}

/** One request as the simulator received it. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** Query parameters (the first value of each). */
  query: Record<string, string>;
  /** Header names in lower case, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the Content-Type is JSON and the text parses; else the text; undefined when empty. */
  body: unknown;
  /** The status the simulator answered. */
  status?: number;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT`, to use as the server of both OpenAPI sources. */
  url: string;
  apiKey: string;
  state: SimulatorState;
  /** Every request received, in arrival order (unless recordRequests is false). */
  requests: RecordedRequest[];
  /** Forgets all state and recorded requests (in place: references stay valid). */
  reset(): void;
  /** Stops listening and closes open (keep-alive) connections. */
  close(): Promise<void>;
}

export declare function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
