import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiClient } from './client.ts';
import { ApiError } from './client.ts';

const ApiContext = createContext<ApiClient | undefined>(undefined);

/** Makes the API client available to every view. */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi must be used inside <ApiProvider>');
  return client;
}

/** Loading, error or data of one read; `reload` fetches again, `set` patches the data in place. */
export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
  set(update: (current: T) => T): void;
}

/** Runs `load` when `key` changes; later answers win over earlier ones that arrive late. */
export function useResource<T>(load: (api: ApiClient) => Promise<T>, key: string): Resource<T> {
  const api = useApi();
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ data: s.data, loading: true }));
    loadRef.current(api).then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (e: unknown) =>
        mine === seq.current &&
        setState({ loading: false, error: e instanceof ApiError ? e : new ApiError(0, 'client', String(e)) }),
    );
  }, [api, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((update: (current: T) => T) => {
    setState((s) => (s.data === undefined ? s : { ...s, data: update(s.data) }));
  }, []);
  return { ...state, reload, set } as Resource<T>;
}
