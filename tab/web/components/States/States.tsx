import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, Text } from '@fluentui/react-components';
import type { ApiError } from '../../api/client.ts';
import { useStatesStyles } from './States.styles.ts';

/** Shown while a view's data loads; announced politely to screen readers. */
export function LoadingState({ label }: { label: string }) {
  const s = useStatesStyles();
  return (
    <div className={s.centre} role="status" aria-live="polite">
      <Spinner label={label} />
    </div>
  );
}

/** Shown when there is nothing to list, with what that means for the manager. */
export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  const s = useStatesStyles();
  return (
    <div className={s.centre} role="status">
      <Text weight="semibold" size={400}>
        {title}
      </Text>
      {children && <Text>{children}</Text>}
    </div>
  );
}

/** A failed load with the server's message and a way to try again. */
export function ErrorState({
  error,
  onRetry,
  title = 'Could not load this view',
  retryLabel = 'Try again',
}: {
  error: ApiError;
  onRetry?: () => void;
  title?: string;
  retryLabel?: string;
}) {
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {error.message}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button onClick={onRetry}>{retryLabel}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
