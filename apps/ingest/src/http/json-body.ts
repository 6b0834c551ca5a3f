// JSON body parsing for the ingest API, with limits per route: 1 MiB for one transaction or
// chargeback, 5 MiB for a batch (1,000 transactions take ~300 KiB; the rest is headroom). Parse
// failures answer in the API's error format: malformed JSON 400, oversize 413, not JSON 415.
//
// Nest registers its own JSON parser (100 KiB) when the app initialises unless a middleware named
// `jsonParser` is already mounted; `mountJsonBody` mounts this one under that name when the module is
// created, before that happens, so the service keeps using the shared `runService` start-up.
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { ApiError } from './api-error.js';

export const SINGLE_BODY_LIMIT = 1024 * 1024;
export const BATCH_BODY_LIMIT = 5 * 1024 * 1024;

const single = express.json({ limit: SINGLE_BODY_LIMIT, strict: true });
const batch = express.json({ limit: BATCH_BODY_LIMIT, strict: true });

interface BodyParserError extends Error {
  readonly type?: string;
  readonly status?: number;
  readonly limit?: number;
}

export function mountJsonBody(app: {
  use(handler: (req: Request, res: Response, next: NextFunction) => void): unknown;
}) {
  app.use(function jsonParser(req: Request, res: Response, next: NextFunction) {
    if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') return next();
    if (!req.is('application/json')) {
      return send(
        res,
        new ApiError(
          'UNSUPPORTED_MEDIA_TYPE',
          'The body must be JSON: send it with "Content-Type: application/json".',
        ),
      );
    }
    const parser = req.path.endsWith('/batch') ? batch : single;
    parser(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      send(res, fromParserError(error as BodyParserError, req.path));
    });
  });
}

function fromParserError(error: BodyParserError, path: string): ApiError {
  if (error.type === 'entity.too.large') {
    const limit = path.endsWith('/batch') ? '5 MiB limit of a batch' : '1 MiB limit of a single request';
    return new ApiError('PAYLOAD_TOO_LARGE', `The body is larger than the ${limit}: send smaller batches.`);
  }
  if (error.type === 'entity.parse.failed') {
    return new ApiError('MALFORMED_JSON', `The body is not valid JSON: ${error.message}.`, [
      { field: '', problem: 'is not valid JSON' },
    ]);
  }
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return new ApiError('UNSUPPORTED_MEDIA_TYPE', `${error.message}: send UTF-8 JSON.`);
  }
  // Aborted or mismatched bodies: the client's doing, never a server error.
  return new ApiError('BAD_REQUEST', `The body could not be read: ${error.message}.`);
}

function send(res: Response, error: ApiError): void {
  if (res.headersSent) return;
  res.status(error.status).json(error.toBody());
}
