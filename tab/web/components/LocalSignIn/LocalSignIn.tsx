import { Button, Field, Input, Select, Title3, Text } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { localSignInResponseSchema, sessionResponseSchema, type LocalSignInResponse } from '../../../api/contracts/session.ts';
import { ApiError } from '../../api/client.ts';
import { useApi, useResource } from '../../api/context.tsx';
import { ErrorState, LoadingState } from '../States/States.tsx';
import { useLocalSignInStyles } from './LocalSignIn.styles.ts';

/**
 * Local mode sign-in: pick one of the managers of mapped teams (or type an Entra object id);
 * the server has the local emulator mint a token for them.
 */
export function LocalSignIn({ onSignedIn }: { onSignedIn: (session: LocalSignInResponse) => void }) {
  const s = useLocalSignInStyles();
  const api = useApi();
  const session = useResource((a) => a.get('/api/tab/session', sessionResponseSchema), 'session');
  const [userId, setUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  if (session.loading && !session.data) return <LoadingState label="Preparing local sign-in…" />;
  if (session.error) return <ErrorState error={session.error} onRetry={session.reload} />;
  const users = session.data?.localUsers ?? [];
  const chosen = userId || users[0]?.userId || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await api.post('/api/tab/local/sign-in', localSignInResponseSchema, { userId: chosen }));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={s.form} onSubmit={(e) => void submit(e)} aria-labelledby="local-sign-in-title">
      <Title3 id="local-sign-in-title">Sign in (local mode)</Title3>
      <Text>This page is not running inside Teams. Sign in as a manager known to the local emulator.</Text>
      {users.length > 0 ? (
        <Field label="Manager">
          <Select value={chosen} onChange={(_, d) => setUserId(d.value)}>
            {users.map((u) => (
              <option key={u.userId} value={u.userId}>
                {u.displayName}
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <Field label="User object id" hint="No team mapping lists a manager yet; enter an Entra object id.">
          <Input value={userId} onChange={(_, d) => setUserId(d.value)} required />
        </Field>
      )}
      {error && <ErrorState error={error} title="Sign-in failed" />}
      <Button appearance="primary" type="submit" disabled={busy || !chosen}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
