import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger. Log ids and outcomes only: never names, addresses, NINO, dates of birth or
 * bank details. Bodies are never logged.
 */
export const logger = new Logger({ serviceName: 'cms-client-contact', logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO' });
