import { Badge, Field, Select, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { ManagedTeam } from '../../../api/contracts/me.ts';
import { membersPath, membersResponseSchema, reasonsPath, reasonsResponseSchema } from '../../../api/contracts/reasons.ts';
import { useResource } from '../../api/context.tsx';
import { EmptyState, ErrorState, LoadingState } from '../States/States.tsx';
import { useReasonsViewStyles } from './ReasonsView.styles.ts';

function Reasons({ teamId, employeeId, name }: { teamId: string; employeeId: string; name: string }) {
  const s = useReasonsViewStyles();
  const reasons = useResource((a) => a.get(reasonsPath(teamId, employeeId), reasonsResponseSchema), `${teamId}/${employeeId}`);
  if (reasons.error) return <ErrorState error={reasons.error} onRetry={reasons.reload} />;
  if (!reasons.data || reasons.loading) return <LoadingState label={`Asking the WFM about ${name}…`} />;
  const { eligible, ineligible } = reasons.data;
  return (
    <div className={s.columns}>
      <section aria-labelledby="eligible-heading">
        <Text as="h2" id="eligible-heading" weight="semibold" size={400}>
          {name} may use ({eligible.length})
        </Text>
        {eligible.length === 0 ? (
          <Text>No time-off reason is available to {name}.</Text>
        ) : (
          <ul className={s.list} aria-labelledby="eligible-heading">
            {eligible.map((r) => (
              <li key={r.id} className={s.item}>
                <Text weight="semibold">{r.name}</Text> {r.paid ? <Badge appearance="tint">paid</Badge> : <Badge appearance="tint" color="subtle">unpaid</Badge>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="ineligible-heading">
        <Text as="h2" id="ineligible-heading" weight="semibold" size={400}>
          Not available ({ineligible.length})
        </Text>
        {ineligible.length === 0 ? (
          <Text>Every reason is available.</Text>
        ) : (
          <ul className={s.list} aria-labelledby="ineligible-heading">
            {ineligible.map((i) => (
              <li key={i.reason.id} className={s.item}>
                <Text weight="semibold">{i.reason.name}</Text> <span className={s.code}>{i.code}</span>
                <span className={s.why}>{i.message}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/**
 * Pick a team member and see which time-off reasons the WFM lets them use (the same answer
 * Shifts gets when it filters the reasons list), and why the others are not available.
 */
export function ReasonsView({ teams }: { teams: ManagedTeam[] }) {
  const s = useReasonsViewStyles();
  const [teamId, setTeamId] = useState(teams[0]?.teamId ?? '');
  const [employeeId, setEmployeeId] = useState('');
  const members = useResource(
    (a) => (teamId ? a.get(membersPath(teamId), membersResponseSchema) : Promise.resolve({ members: [] })),
    teamId,
  );
  const people = members.data?.members ?? [];
  const person = people.find((m) => m.employeeId === employeeId);
  return (
    <div className={s.root}>
      <div className={s.pickers}>
        <Field label="Team" className={s.picker}>
          <Select
            value={teamId}
            onChange={(_, d) => {
              setTeamId(d.value);
              setEmployeeId('');
            }}
          >
            {teams.map((t) => (
              <option key={t.teamId} value={t.teamId}>
                {t.teamName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Team member" className={s.picker}>
          <Select value={employeeId} onChange={(_, d) => setEmployeeId(d.value)} disabled={!members.data || people.length === 0}>
            <option value="">Choose a person…</option>
            {people.map((m) => (
              <option key={m.employeeId} value={m.employeeId}>
                {m.displayName}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {members.error ? (
        <ErrorState error={members.error} onRetry={members.reload} />
      ) : !members.data ? (
        <LoadingState label="Loading team members…" />
      ) : people.length === 0 ? (
        <EmptyState title="No team members">The WFM lists nobody in this team.</EmptyState>
      ) : person ? (
        <Reasons teamId={teamId} employeeId={person.employeeId} name={person.displayName} />
      ) : (
        <EmptyState title="Pick a team member">Their eligible time-off reasons appear here.</EmptyState>
      )}
    </div>
  );
}
