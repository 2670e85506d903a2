/** The tab's views and the path each lives at (so a reload or a deep link keeps the view). */
export const VIEWS = [
  { id: 'status', label: 'Sync status', path: '/tab/' },
  { id: 'failures', label: 'Failed entities', path: '/tab/failures' },
  { id: 'rejected', label: 'Rejected changes', path: '/tab/rejected' },
  { id: 'reasons', label: 'Time-off reasons', path: '/tab/time-off-reasons' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

export function viewFromPath(pathname: string): ViewId {
  const clean = pathname.replace(/\/+$/, '') || '/';
  return VIEWS.find((v) => v.path.replace(/\/+$/, '') === clean)?.id ?? 'status';
}
