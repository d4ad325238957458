/**
 * The Billing API's operations, keyed by operationId. Each handler gets a request whose
 * body and query already passed the OpenAPI schemas, changes the state, and answers.
 */
import { nextId } from './state.mjs';
import { ok, problem } from './replies.mjs';

/**
 * @typedef {import('./state.mjs').SimulatorState} SimulatorState
 * @typedef {import('./state.mjs').Customer} Customer
 * @typedef {import('./state.mjs').PricingPlanAssignment} PricingPlanAssignment
 * @typedef {import('./state.mjs').PrepaidOrder} PrepaidOrder
 * @typedef {import('./metering-handlers.mjs').Handler} Handler
 */

/** @param {string} customerId */
const customerNotFound = (customerId) => problem(404, 'NOT_FOUND', `customer '${customerId}' does not exist`);
/** @param {string} customerId */
const unknownCustomer = (customerId) =>
  problem(400, 'UNKNOWN_REFERENCE', `customer '${customerId}' does not exist; create it with POST /customers first`);

/** @type {Record<string, Handler>} */
export const billingHandlers = {
  listCustomers: ({ state }) => ok([...state.customers.values()]),

  createCustomer: ({ state, body, now }) => {
    // FACTS: Amberflo answers 400 for an existing customerId; PUT /customers updates.
    if (state.customers.has(body.customerId)) {
      return problem(400, 'ALREADY_EXISTS', `customer '${body.customerId}' already exists; use PUT /customers to change it`);
    }
    /** @type {Customer} */
    const customer = { ...body, createTime: now, updateTime: now };
    state.customers.set(customer.customerId, customer);
    return ok(customer);
  },

  updateCustomer: ({ state, body, now }) => {
    const existing = state.customers.get(body.customerId);
    if (!existing) return customerNotFound(body.customerId);
    /** @type {Customer} */
    const customer = { ...body, createTime: existing.createTime, updateTime: now };
    state.customers.set(customer.customerId, customer);
    return ok(customer);
  },

  getCustomerById: ({ state, pathParameters }) => {
    const customerId = pathParameters['customerId'] ?? '';
    const customer = state.customers.get(customerId);
    return customer ? ok(customer) : customerNotFound(customerId);
  },

  deleteCustomer: ({ state, pathParameters, now }) => {
    const customerId = pathParameters['customerId'] ?? '';
    const customer = state.customers.get(customerId);
    if (!customer) return customerNotFound(customerId);
    state.customers.delete(customerId);
    // Plans and prepaid orders go with the customer; recorded events stay, as billed usage would.
    removeWhere(state.assignments, (assignment) => assignment.customerId === customerId);
    removeWhere(state.prepaidOrders, (order) => order.customerId === customerId);
    return ok({ ...customer, deleteTime: now });
  },

  assignPricingPlan: ({ state, body, now }) => {
    if (!state.customers.has(body.customerId)) return unknownCustomer(body.customerId);
    /** @type {PricingPlanAssignment} */
    const assignment = {
      customerId: body.customerId,
      productId: body.productId,
      ...(body.productPlanId !== undefined ? { productPlanId: body.productPlanId } : {}),
      startTimeInSeconds: body.startTimeInSeconds ?? Math.floor(now / 1000),
      createTime: now,
    };
    // One plan per customer and product: assigning again replaces the earlier one.
    removeWhere(
      state.assignments,
      (earlier) => earlier.customerId === assignment.customerId && earlier.productId === assignment.productId,
    );
    state.assignments.push(assignment);
    return ok(assignment);
  },

  createPrepaidOrder: ({ state, body, now }) => {
    if (!state.customers.has(body.customerId)) return unknownCustomer(body.customerId);
    /** @type {PrepaidOrder} */
    const order = {
      orderId: nextId(state, 'order'),
      customerId: body.customerId,
      amount: body.amount,
      currency: body.currency ?? 'USD',
      createTime: now,
      ...(body.expirationTime !== undefined ? { expirationTime: body.expirationTime } : {}),
    };
    state.prepaidOrders.push(order);
    return ok(order);
  },

  listInvoices: ({ state, query, now }) => {
    const customerId = query['customerId'] ?? '';
    if (!state.customers.has(customerId)) return unknownCustomer(customerId);
    return ok(invoicesOf(state, customerId, now));
  },
};

/**
 * The simulator prices nothing, so its invoices are what can be known without prices
 * (README): one PENDING invoice per prepaid order, for its amount, and one DRAFT invoice
 * per assigned plan for the current UTC calendar month (the plan's first month if it
 * starts later), with a total of 0.
 * @param {SimulatorState} state
 * @param {string} customerId
 * @param {number} now
 */
function invoicesOf(state, customerId, now) {
  const prepaid = state.prepaidOrders
    .filter((order) => order.customerId === customerId)
    .map((order) => {
      const startTime = Math.floor(order.createTime / 1000);
      return {
        invoiceId: `inv-${order.orderId}`,
        customerId,
        startTime,
        endTime: order.expirationTime !== undefined ? Math.floor(order.expirationTime / 1000) : startTime,
        totalAmount: order.amount,
        currency: order.currency,
        status: 'PENDING',
      };
    });
  const drafts = state.assignments
    .filter((assignment) => assignment.customerId === customerId)
    .map((assignment) => {
      const period = new Date(Math.max(now, assignment.startTimeInSeconds * 1000));
      const startTime = Date.UTC(period.getUTCFullYear(), period.getUTCMonth(), 1) / 1000;
      const endTime = Date.UTC(period.getUTCFullYear(), period.getUTCMonth() + 1, 1) / 1000;
      return {
        invoiceId: `inv-${customerId}-${assignment.productId}-${startTime}`,
        customerId,
        productId: assignment.productId,
        startTime,
        endTime,
        totalAmount: 0,
        currency: 'USD',
        status: 'DRAFT',
      };
    });
  return [...prepaid, ...drafts].sort((a, b) => a.startTime - b.startTime);
}

/**
 * Removes, in place, the items that match.
 * @template T
 * @param {T[]} items
 * @param {(item: T) => boolean} matches
 */
function removeWhere(items, matches) {
  let kept = 0;
  for (const item of items) if (!matches(item)) items[kept++] = item;
  items.length = kept;
}
