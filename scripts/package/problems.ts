/**
 * Problem codes of the packaging tool. They are build-time findings, not HTTP errors, so they
 * live here rather than in `connector/errors.ts`; tests and callers branch on `code`.
 */
export const PACKAGE_PROBLEM_CODES = [
  'env_file_missing',
  'env_file_invalid',
  'unresolved_placeholder',
  'manifest_unreadable',
  'manifest_schema',
  'manifest_rule',
  'url_not_https',
  'icon_missing',
  'icon_invalid',
  'public_url_invalid',
  'secret_invalid',
  'project_file_invalid',
] as const;

export type PackageProblemCode = (typeof PACKAGE_PROBLEM_CODES)[number];

/** One finding; a run collects all of them so the admin fixes everything in one go. */
export interface PackageProblem {
  code: PackageProblemCode;
  message: string;
}
