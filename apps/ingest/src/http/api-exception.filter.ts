// Maps everything thrown by the ingest API to its one error format: ApiError as is, Nest's HTTP
// exceptions (unknown route, wrong method) by status, bus errors to 503 when retrying may help,
// anything else to 500 (logged, never shown to the client).
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { MessagingError } from '#messaging';
import { ApiError, type ErrorCode } from './api-error.js';

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = this.toApiError(exception);
    if (error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response.status(error.status).json(error.toBody());
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof MessagingError) {
      this.logger.error({ msg: 'bus unavailable', error: exception.message, retriable: exception.retriable });
      return exception.retriable
        ? new ApiError(
            'SERVICE_UNAVAILABLE',
            'The transaction bus is unavailable; nothing was accepted. Retry shortly.',
            undefined,
            1,
          )
        : new ApiError('INTERNAL', 'The transaction bus refused the request; nothing was accepted.');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code: ErrorCode =
        status === 404
          ? 'NOT_FOUND'
          : status === 405
            ? 'METHOD_NOT_ALLOWED'
            : status >= 500
              ? 'INTERNAL'
              : 'BAD_REQUEST';
      return new ApiError(
        code,
        status === 404 ? 'No such endpoint: see docs/INGEST.md for the API.' : exception.message,
      );
    }
    this.logger.error({
      msg: 'unexpected error',
      error: exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    });
    return new ApiError('INTERNAL', 'Unexpected error; nothing was accepted. It has been logged.');
  }
}
