import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorKind } from '../../../functions/core/errors.js';
import {
  answerToKeep,
  DEFAULT_REPLAYED_ERROR_STATUSES,
  replayResponse,
} from '../../../functions/http/idempotent-responses.js';

const replayed = new Set(DEFAULT_REPLAYED_ERROR_STATUSES);

describe('answerToKeep', () => {
  it('keeps every 2xx and the listed client errors, and releases every other status', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), (statusCode) => {
        const kept = answerToKeep({ response: { statusCode, body: '{}' } }, replayed, 'r1');
        const expected = (statusCode >= 200 && statusCode < 300) || replayed.has(statusCode);
        return (kept !== undefined) === expected;
      }),
    );
  });

  it('releases 409, 429 and 5xx: a state, a rate or a failure that a retry may find gone', () => {
    // Act
    const kept = [409, 429, 500, 503].map((statusCode) =>
      answerToKeep({ response: { statusCode, body: '{}' } }, replayed, 'r1'),
    );
    // Assess
    expect(kept).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('keeps a thrown domain error as the response the envelope renders, by its kind', () => {
    // Prepare
    const thrown = (kind: ErrorKind) =>
      new DomainError(kind, 'SOME_CODE', '中文', 'English', { details: { path: '/form/x' } });
    // Act
    const notFound = answerToKeep({ error: thrown('NOT_FOUND') }, replayed, 'r1');
    const unprocessable = answerToKeep({ error: thrown('UNPROCESSABLE') }, replayed, 'r1');
    const conflict = answerToKeep({ error: thrown('CONFLICT') }, replayed, 'r1');
    const unavailable = answerToKeep({ error: thrown('UNAVAILABLE') }, replayed, 'r1');
    // Assess
    expect(notFound?.statusCode).toBe(404);
    expect(JSON.parse(notFound?.body ?? '')).toEqual({
      error: { code: 'SOME_CODE', message: '中文 / English', details: { path: '/form/x' }, requestId: 'r1' },
    });
    expect(unprocessable?.statusCode).toBe(422);
    expect([conflict, unavailable]).toEqual([undefined, undefined]);
  });

  it('never keeps an error that is not a domain error (it renders as a 500)', () => {
    expect(answerToKeep({ error: new Error('socket hang up') }, replayed, 'r1')).toBeUndefined();
    expect(answerToKeep({ error: 'a string' }, replayed, 'r1')).toBeUndefined();
  });

  it('strips headers that describe one exchange', () => {
    // Act
    const kept = answerToKeep(
      {
        response: {
          statusCode: 201,
          headers: { 'X-Request-Id': 'r0', date: 'now', 'content-type': 'application/json', location: '/x' },
          body: '{}',
        },
      },
      replayed,
      'r1',
    );
    // Assess
    expect(kept?.headers).toEqual({ 'content-type': 'application/json', location: '/x' });
  });
});

describe('replayResponse', () => {
  const stored = (statusCode: number, body: string) => ({
    statusCode,
    headers: { 'content-type': 'application/json' },
    body,
    isBase64Encoded: false,
  });

  it('names the replaying request in the header and in an error body, leaving the rest of the error alone', () => {
    // Act
    const replay = replayResponse(
      stored(422, '{"error":{"code":"INVALID_FORM","details":{"a":1},"requestId":"first"}}'),
      'second',
    );
    // Assess
    expect(replay.headers).toMatchObject({ 'idempotent-replayed': 'true', 'x-request-id': 'second' });
    expect(JSON.parse(replay.body ?? '')).toEqual({
      error: { code: 'INVALID_FORM', details: { a: 1 }, requestId: 'second' },
    });
  });

  it('replays a success body byte for byte, even one that mentions a request id', () => {
    // Prepare
    const body = '{"caseId":"c1","error":{"requestId":"first"}}';
    // Act
    const replay = replayResponse(stored(201, body), 'second');
    // Assess
    expect(replay.body).toBe(body);
  });

  it('leaves an error body that is not the error shape as it was', () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        fc.pre(!body.includes('requestId'));
        return replayResponse(stored(400, body), 'second').body === body;
      }),
    );
  });
});
