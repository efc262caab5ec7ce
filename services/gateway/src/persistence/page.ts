import { QueryFailedError } from 'typeorm';

/** A page of a list ordered by id (UUIDv7 ids sort by creation time). */
export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PageRequest {
  cursor?: string;
  limit: number;
}

/** Reads `limit + 1` rows to learn whether another page follows. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}

/** Postgres unique_violation (23505), optionally on a named constraint. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}
