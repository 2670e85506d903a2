import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

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
  /**
   * `json`: one JSON object per line (log collectors); `pretty`: one human line per entry;
   * `auto`: pretty when stdout is a terminal. Ignored when `destination` is given.
   */
  format?: 'json' | 'pretty' | 'auto';
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
    options.destination ?? defaultDestination(options.format ?? 'json'),
  );
}

function defaultDestination(format: 'json' | 'pretty' | 'auto'): pino.DestinationStream {
  const human = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  return human ? humanLogStream(1) : pino.destination({ sync: false });
}

/** Human-readable log lines (time, level, message, fields) on a file descriptor (1 stdout, 2 stderr). */
export function humanLogStream(fd: 1 | 2): pino.DestinationStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  return pretty({
    destination: fd,
    sync: true,
    colorize: stream.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
    singleLine: true,
  });
}

export type { Logger };
