/**
 * Calendar capability: per-worker iCalendar subscription feeds built from the WFM, revocable
 * links, and (optionally) Outlook push through Graph.
 */
export { createCalendarModule, type CalendarDeps, type CalendarModule, type CalendarServices, type CalendarAuth } from './module.ts';
export { calendarMigrations } from './migrations.ts';
export { calendarLinkSchema, type CalendarLink, type IssuedLink, type LinkService, type LinkError } from './links.ts';
export { type FeedService, type RenderedFeed, feedWindow } from './feed.ts';
