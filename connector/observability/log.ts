import pino, { type Logger } from 'pino';

/**
 * Paths never written to logs. Encrypted webhook bodies are never logged at all (handlers log
 * ids and outcomes only); these paths catch secrets that might ride along in objects.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  '*.authorization',
  'secret',
  '*.secret',
  '*.secrets',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.access_token',
  '*.token',
  '*.apiKey',
  '*.sharedSecret',
  'body',
  '*.body',
  'rawBody',
  '*.rawBody',
];

export interface LogOptions {
  level: string;
  /** Where to write; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LogOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'shifts-connector' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

export type { Logger };
