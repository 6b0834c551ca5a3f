// blockCustomer: its command handler and GraphQL resolver, registered together.
import { BlockCustomerHandler } from './block-customer.handler.js';
import { BlockCustomerResolver } from './block-customer.resolver.js';

export const blockCustomer = [BlockCustomerHandler, BlockCustomerResolver];
