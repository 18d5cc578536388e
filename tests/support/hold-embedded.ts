// Starts the embedded PostgreSQL the way the launcher does, says "ready", and waits to be killed:
// the lifecycle test kill -9s it to leave an orphaned server behind, as a crashed launcher would.
import { config } from '../../lib/config';
import { resolveDatabase } from '../../lib/launcher/database';
import { loadLocalSecrets } from '../../lib/launcher/local-secrets';

const cfg = config();
await resolveDatabase(cfg, loadLocalSecrets(cfg.dataDir), () => {});
console.log('ready');
setInterval(() => {}, 60_000);
