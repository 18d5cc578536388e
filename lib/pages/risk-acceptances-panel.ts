// The data of a product's risk acceptances panel (/products/[id]): the acceptances with their owners'
// names and, for those who may manage them, the findings and owners the create form offers.
import 'server-only';
import type { Actor } from '../auth/authorization';
import { db } from '../db/client';
import { listFindings } from '../domain/findings';
import { listProductViewers } from '../domain/product-overview';
import { listRiskAcceptances } from '../domain/risk-acceptances';
import { usernamesOf } from '../domain/user-names';
import type { Choice } from './choices';
import { ALL_ROWS } from './list-query';

export async function riskAcceptancesPanel(actor: Actor, productId: number, canManage: boolean) {
  const [acceptances, findings, viewers] = await Promise.all([
    listRiskAcceptances(db(), actor, { product: productId }, ALL_ROWS),
    canManage ? listFindings(db(), actor, { product: productId }, ALL_ROWS) : null,
    canManage ? listProductViewers(db(), actor, productId) : null,
  ]);
  const rows = acceptances.ok ? acceptances.value.results : [];
  const owners = await usernamesOf(
    db(),
    rows.map((r) => r.owner),
  );
  const form: { findings: Choice[]; owners: Choice[] } | null =
    canManage && findings?.ok && viewers?.ok
      ? {
          findings: findings.value.results.map((f) => ({ value: f.id, label: `#${f.id} ${f.title} (${f.severity})` })),
          owners: viewers.value.map((v) => ({ value: v.id, label: v.username })),
        }
      : null;
  return { rows, owners, form };
}
