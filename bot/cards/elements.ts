/**
 * Typed builders for the Adaptive Card 1.5 subset the bot sends. Cards are plain objects
 * built from these functions, never string templates, so a typo in a property name is a
 * compile error and user text can never break the JSON.
 */

export type TextSize = 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
export type TextWeight = 'lighter' | 'default' | 'bolder';
export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge' | 'padding';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  spacing?: Spacing;
  separator?: boolean;
  id?: string;
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
  spacing?: Spacing;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  spacing?: Spacing;
  separator?: boolean;
  bleed?: boolean;
}

export interface Column {
  type: 'Column';
  items: CardElement[];
  width: 'auto' | 'stretch' | number;
  verticalContentAlignment?: 'top' | 'center' | 'bottom';
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
  spacing?: Spacing;
  separator?: boolean;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: Spacing;
}

export type CardElement = TextBlock | FactSet | Container | ColumnSet | ActionSet;

/** Data every `Action.Execute` carries; the verb says what to do. */
export type ActionData = Record<string, string | number | boolean>;

export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: ActionData;
  style?: 'default' | 'positive' | 'destructive';
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = ExecuteAction | OpenUrlAction;

export interface Refresh {
  action: ExecuteAction;
  /** Teams user MRIs (29:...) whose client refreshes the card automatically; at most 60. */
  userIds?: string[];
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Refresh;
  /** Teams: use the full message width. */
  msteams?: { width: 'Full' };
  fallbackText?: string;
}

/**
 * Card text as plain text. Teams renders TextBlock text and fact titles and values as markdown,
 * and most of what cards show comes from the WFM, Graph or people (employee and team names,
 * rejection messages): a name like `[Reset your password](https://…)` must not become a link.
 * Every markdown-significant character gets a backslash (CommonMark escapes, honoured by
 * Teams and by the adaptivecards renderer's markdown-it), bare URLs lose their auto-link, and
 * line breaks, which markdown reads as structure, become spaces. The cards' own wording uses
 * none of these characters, so it reads the same.
 */
export function plainText(value: string): string {
  return (
    value
      .replace(/\s+/g, ' ')
      // Inline markup (emphasis, code, links and images, HTML, tables, strike-through), entity
      // references, and the renderers' {{DATE()}}/{{TIME()}} functions.
      .replace(/[\\`*_[\]<>~|&{}]/g, (c) => `\\${c}`)
      // Block markup can only start the text once line breaks are gone: headings, lists, quotes.
      .replace(/^(\s*)([#+-])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
      .replace(/:\/\//g, ':\\/\\/')
      .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`)
  );
}

/** Markdown written by us: only `md` makes one, and it escapes what it interpolates. */
export interface CardMarkdown {
  readonly markdown: string;
}

/** The cards' own markdown (`md\`Type **status**\``); interpolated values go in as plain text. */
export function md(strings: TemplateStringsArray, ...values: Array<string | number>): CardMarkdown {
  return { markdown: strings.reduce((out, s, i) => out + s + (i < values.length ? plainText(String(values[i])) : ''), '') };
}

/**
 * A TextBlock: a string is plain text (see `plainText`), markdown only through `md`. The
 * builders are the only way text enters a card.
 */
export const text = (value: string | CardMarkdown, opts: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock => ({
  type: 'TextBlock',
  text: typeof value === 'string' ? plainText(value) : value.markdown,
  wrap: true,
  ...opts,
});

export const heading = (value: string, color?: TextColor): TextBlock =>
  text(value, { size: 'medium', weight: 'bolder', ...(color ? { color } : {}) });

export const facts = (entries: Array<[string, string]>, spacing?: Spacing): FactSet => ({
  type: 'FactSet',
  facts: entries.map(([title, value]) => ({ title: plainText(title), value: plainText(value) })),
  ...(spacing ? { spacing } : {}),
});

export const container = (items: CardElement[], opts: Omit<Container, 'type' | 'items'> = {}): Container => ({
  type: 'Container',
  items,
  ...opts,
});

export const columns = (cols: Column[], opts: Omit<ColumnSet, 'type' | 'columns'> = {}): ColumnSet => ({
  type: 'ColumnSet',
  columns: cols,
  ...opts,
});

export const column = (items: CardElement[], width: Column['width'] = 'stretch'): Column => ({
  type: 'Column',
  items,
  width,
  verticalContentAlignment: 'center',
});

export const actionSet = (actions: CardAction[], spacing?: Spacing): ActionSet => ({
  type: 'ActionSet',
  actions,
  ...(spacing ? { spacing } : {}),
});

export const execute = (
  title: string,
  verb: string,
  data: ActionData,
  style?: ExecuteAction['style'],
): ExecuteAction => ({ type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}) });

export const openUrl = (title: string, url: string): OpenUrlAction => ({ type: 'Action.OpenUrl', title, url });

/** Assembles a 1.5 card; `fallbackText` is what notifications and old clients show. */
export function adaptiveCard(parts: {
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Refresh;
  fallbackText: string;
}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: parts.body,
    ...(parts.actions && parts.actions.length > 0 ? { actions: parts.actions } : {}),
    ...(parts.refresh ? { refresh: parts.refresh } : {}),
    msteams: { width: 'Full' },
    fallbackText: parts.fallbackText,
  };
}
