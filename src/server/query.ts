/**
 * Query parameters of the viewer's pages and API, read strictly: a value out of range is a
 * QueryError (answered 400), never a silent default.
 */

/** Longest query accepted (characters). */
const MAXIMUM_QUERY_LENGTH = 500;
export class QueryError extends Error {}

export function queryFrom(query: URLSearchParams): string {
  const text = (query.get('q') ?? '').trim();
  if (text.length > MAXIMUM_QUERY_LENGTH)
    throw new QueryError(`the search text is longer than ${MAXIMUM_QUERY_LENGTH} characters`);
  return text;
}

export function limitFrom(query: URLSearchParams, fallback: number): number {
  const text = query.get('limit');
  if (text === null) return fallback;
  if (!/^\d{1,4}$/.test(text) || Number(text) === 0) throw new QueryError('limit must be a number from 1 to 9999');
  return Number(text);
}
