/**
 * RFC 9457 problem details. Every refusal the system gives is one of these types, so callers can
 * branch on `type` and show `detail` to the caseworker.
 */
export const problemTypes = {
  validation: { status: 400, title: 'The request is not valid' },
  malformedJson: { status: 400, title: 'The request body is not valid JSON' },
  payloadTooLarge: { status: 413, title: 'The request body is too large' },
  unsupportedMediaType: { status: 415, title: 'The request body must be application/json' },
  unauthenticated: { status: 401, title: 'A valid bearer token is required' },
  forbidden: { status: 403, title: 'Your role may not do this' },
  notFound: { status: 404, title: 'Not found' },
  routeNotFound: { status: 404, title: 'No such route' },
  conflict: { status: 409, title: 'The record has changed since you read it' },
  idempotencyKeyReused: { status: 422, title: 'The Idempotency-Key was already used for a different request' },
  idempotencyInProgress: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  preconditionRequired: { status: 428, title: 'If-Match is required' },
  illegalTransition: { status: 409, title: 'This status change is not allowed' },
  activityPlanIncomplete: { status: 422, title: 'The activity plan has open steps' },
  pendingAssignmentRefused: { status: 422, title: 'This SR must not be set to Pending Assignment' },
  businessRule: { status: 422, title: 'The request breaks a business rule' },
  alreadyExists: { status: 409, title: 'The record already exists' },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const;

export type ProblemType = keyof typeof problemTypes;

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. "body.process" or "header.If-Match". */
  readonly field: string;
  /** The rule broken, in words. */
  readonly rule: string;
}

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export const problemTypeUri = (type: ProblemType): string => `/problems/${type}`;

export class Problem extends Error {
  readonly status: number;

  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly extensions: Readonly<Record<string, unknown>> & { errors?: readonly FieldError[] } = {},
  ) {
    super(detail);
    this.name = 'Problem';
    this.status = problemTypes[type].status;
  }

  toBody(): ProblemBody {
    // Extensions first: none may override the members RFC 9457 defines (status is the HTTP status).
    return {
      ...this.extensions,
      type: problemTypeUri(this.type),
      title: problemTypes[this.type].title,
      status: this.status,
      detail: this.detail,
    };
  }
}

export const validationProblem = (errors: readonly FieldError[]): Problem =>
  new Problem('validation', errors.map((e) => `${e.field}: ${e.rule}`).join('; '), { errors });
