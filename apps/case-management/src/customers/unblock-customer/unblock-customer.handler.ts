// Handles UnblockCustomerCommand: load the stream, decide, append with the expected version; returns the state after it.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import type { CustomerStatus } from '../customer-status.model.js';
import { decideOnCustomer } from '../customer-use-case.js';
import { UnblockCustomerCommand } from './unblock-customer.command.js';

@CommandHandler(UnblockCustomerCommand)
export class UnblockCustomerHandler implements ICommandHandler<UnblockCustomerCommand, CustomerStatus> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ customerId, reason, context }: UnblockCustomerCommand): Promise<CustomerStatus> {
    return decideOnCustomer(this.store, customerId, { type: 'UnblockCustomer', reason }, context);
  }
}
