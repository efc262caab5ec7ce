import { Module } from '@nestjs/common';

/** Encrypted provider secrets, short leases and rotation. */
@Module({})
export class CredentialsModule {}
