import { Module } from '@nestjs/common';

/** Connectors, chunking, embeddings and ACL-aware retrieval. */
@Module({})
export class DataSyncModule {}
