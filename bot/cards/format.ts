/**
 * Plain-words formatting for cards: instants are stored in UTC and shown in the team's IANA
 * time zone ("Tue 12 Oct 15:00-17:00"), entity types in the words a manager uses.
 */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function parts(instant: Date, timeZone: string): { day: string; time: string } {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dayFormatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(instant)) p[part.type] = part.value;
  return { day: `${p.weekday ?? ''} ${p.day ?? ''} ${p.month ?? ''}`, time: `${p.hour ?? '00'}:${p.minute ?? '00'}` };
}

function toDate(iso: string | null | undefined): Date | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** "Tue 12 Oct 15:00-17:00", or "Tue 12 Oct 22:00-Wed 13 Oct 06:00" across midnight. */
export function formatRange(start: string | null, end: string | null, timeZone: string): string | undefined {
  const s = toDate(start);
  if (!s) return undefined;
  const a = parts(s, timeZone);
  const e = toDate(end);
  if (!e) return `${a.day} ${a.time}`;
  const b = parts(e, timeZone);
  return a.day === b.day ? `${a.day} ${a.time}-${b.time}` : `${a.day} ${a.time}-${b.day} ${b.time}`;
}

/** "Tue 12 Oct 15:02". */
export function formatInstant(iso: string | null | undefined, timeZone: string): string {
  const d = toDate(iso);
  if (!d) return 'unknown';
  const p = parts(d, timeZone);
  return `${p.day} ${p.time}`;
}

const ENTITY_LABELS: Record<string, string> = {
  shift: 'Shift',
  openshift: 'Open shift',
  timeoff: 'Time off',
  timeoffrequest: 'Time-off request',
  swaprequest: 'Swap request',
  swapshiftschangerequest: 'Swap request',
  openshiftrequest: 'Open-shift request',
  openshiftchangerequest: 'Open-shift request',
  offershiftrequest: 'Offer request',
  request: 'Request',
  timeoffreason: 'Time-off reason',
  job: 'Job',
  employee: 'Employee',
};

/** "timeOffRequest" → "Time-off request"; unknown types are shown as sent. */
export function entityLabel(entityType: string): string {
  return ENTITY_LABELS[entityType.toLowerCase()] ?? entityType;
}

