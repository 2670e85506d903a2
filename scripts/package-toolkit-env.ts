/**
 * First provisioning step of teamsapp.yml / teamsapp.local.yml (a Teams Toolkit `script`
 * action): prints `::set-teamsfx-env` lines that the toolkit saves to the environment file.
 * The toolkit runs it with the environment file's values in process.env.
 */
import { toolkitOutputs } from './package/index.ts';

const result = toolkitOutputs(process.env);
if (!result.ok) {
  for (const p of result.error) console.error(p.message);
  process.exit(1);
}
for (const line of result.value) console.log(line);
