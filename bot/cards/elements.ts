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

export const text = (value: string, opts: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...opts,
});

export const heading = (value: string, color?: TextColor): TextBlock =>
  text(value, { size: 'medium', weight: 'bolder', ...(color ? { color } : {}) });

export const facts = (entries: Array<[string, string]>, spacing?: Spacing): FactSet => ({
  type: 'FactSet',
  facts: entries.map(([title, value]) => ({ title, value })),
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
