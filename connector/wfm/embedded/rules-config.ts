import { z } from 'zod';

/**
 * Business rules of one team in the embedded WFM. Every field has the documented default;
 * a team stores only what it overrides.
 */
export const ruleConfigSchema = z
  .object({
    /** Minimum rest between two shifts of one employee, in hours. */
    minRestHours: z.number().min(0).max(48).default(8),
    /** Maximum paid hours per local week (Monday to Sunday in the team's zone). */
    maxWeeklyHours: z.number().min(1).max(168).default(40),
    /** Shortest shift, in minutes. */
    minShiftMinutes: z.number().int().min(1).max(1440).default(1),
    /** Longest shift, in hours. */
    maxShiftHours: z.number().min(1).max(24).default(24),
    /** Past days are locked (payroll): nothing starting before the cutoff may change. */
    lockPastDays: z.boolean().default(true),
    /** Days before today that stay editable when `lockPastDays` is on (0: today onwards). */
    lockGraceDays: z.number().int().min(0).max(365).default(0),
  })
  .strict();

export type RuleConfig = z.infer<typeof ruleConfigSchema>;
/** What a team may override. */
export const ruleOverridesSchema = ruleConfigSchema.partial().strict();
export type RuleOverrides = z.infer<typeof ruleOverridesSchema>;

export const DEFAULT_RULES: RuleConfig = ruleConfigSchema.parse({});

/** Stored overrides merged over the defaults; unknown or invalid stored keys are ignored. */
export function effectiveRules(stored: unknown): RuleConfig {
  const parsed = ruleOverridesSchema.safeParse(stored ?? {});
  return { ...DEFAULT_RULES, ...(parsed.success ? parsed.data : {}) };
}

/** Eligibility of a time-off reason, stored with the reason. */
export const reasonEligibilitySchema = z
  .object({
    employmentTypes: z.array(z.enum(['full_time', 'part_time', 'seasonal'])).min(1),
    minTenureDays: z.number().int().min(0),
    annualHours: z.record(z.enum(['full_time', 'part_time', 'seasonal']), z.number().min(0)).optional(),
  })
  .strict();
export type ReasonEligibility = z.infer<typeof reasonEligibilitySchema>;
