import { Module } from '@nestjs/common';

/** Prices, the spend ledger, budgets, reservations and rate limits. */
@Module({})
export class BudgetModule {}
