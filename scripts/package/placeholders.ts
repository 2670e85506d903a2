/** A Teams Toolkit placeholder: `${{NAME}}`, whitespace inside the braces allowed. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names of every placeholder in a text, in order of first appearance, without duplicates. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/**
 * Replaces the placeholders of a JSON document's text with values (escaped for a JSON string,
 * since every placeholder sits inside one). A name with no value, or an empty one, is reported
 * in `unresolved` and left in the text.
 */
export function resolveJsonPlaceholders(
  text: string,
  values: Readonly<Record<string, string>>,
): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') {
      unresolved.add(name);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: out, unresolved: [...unresolved] };
}
