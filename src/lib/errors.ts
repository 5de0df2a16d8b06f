// One error class per kind; the error handler (src/plugins/errors.ts) turns each into problem+json.

export interface FieldError {
  path: string
  message: string
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail ?? title)
  }
}

export class BadRequestError extends AppError {
  constructor(detail: string, errors?: FieldError[]) {
    super(400, 'Bad Request', detail, { errors })
  }
}
export class UnauthorizedError extends AppError {
  constructor(detail = 'missing or invalid credentials') {
    super(401, 'Unauthorized', detail, { headers: { 'www-authenticate': 'Bearer realm="toasoan"' } })
  }
}
export class ForbiddenError extends AppError {
  constructor(detail = 'your role does not allow this') {
    super(403, 'Forbidden', detail)
  }
}
export class NotFoundError extends AppError {
  constructor(detail = 'not found') {
    super(404, 'Not Found', detail)
  }
}
export class ConflictError extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, 'Conflict', detail, extra)
  }
}
export class PreconditionFailedError extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(412, 'Precondition Failed', detail, extra)
  }
}
export class PreconditionRequiredError extends AppError {
  constructor(detail: string) {
    super(428, 'Precondition Required', detail)
  }
}
export class TooManyRequestsError extends AppError {
  constructor(retryAfterSeconds: number, detail = 'too many requests; try again later') {
    super(429, 'Too Many Requests', detail, { headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) } })
  }
}
export class ServiceUnavailableError extends AppError {
  constructor(detail = 'the database is unavailable; retry shortly') {
    super(503, 'Service Unavailable', detail, { headers: { 'retry-after': '5' } })
  }
}
export class ContentTooLargeError extends AppError {
  constructor(detail: string) {
    super(413, 'Content Too Large', detail)
  }
}
export class UnsupportedMediaTypeError extends AppError {
  constructor(detail: string) {
    super(415, 'Unsupported Media Type', detail)
  }
}
