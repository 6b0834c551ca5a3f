// unblockCustomer: its command handler and GraphQL resolver, registered together.
import { UnblockCustomerHandler } from './unblock-customer.handler.js';
import { UnblockCustomerResolver } from './unblock-customer.resolver.js';

export const unblockCustomer = [UnblockCustomerHandler, UnblockCustomerResolver];
