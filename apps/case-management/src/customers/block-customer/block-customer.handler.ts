// Handles BlockCustomerCommand: load the stream, decide, append with the expected version; returns the state after it.
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '#eventstore';
import { EVENT_STORE } from '../../event-store/event-store.module.js';
import type { CustomerStatus } from '../customer-status.model.js';
import { decideOnCustomer } from '../customer-use-case.js';
import { BlockCustomerCommand } from './block-customer.command.js';

@CommandHandler(BlockCustomerCommand)
export class BlockCustomerHandler implements ICommandHandler<BlockCustomerCommand, CustomerStatus> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ customerId, reason, context }: BlockCustomerCommand): Promise<CustomerStatus> {
    return decideOnCustomer(this.store, customerId, { type: 'BlockCustomer', reason }, context);
  }
}
