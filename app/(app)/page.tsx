import type { Metadata } from 'next';
import { SeverityCount } from '@/components/severity-badge';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { SEVERITIES } from '@/lib/db/schema/enums';
import { dashboardProducts } from '@/lib/domain/dashboard';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const user = await requireUser();
  const products = await dashboardProducts(db(), user);

  return (
    <section aria-labelledby="products-heading">
      <h1 id="products-heading" className="text-2xl font-semibold">
        Products
      </h1>
      {products.length === 0 ? (
        <div data-testid="empty-dashboard" className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="text-lg font-medium">No products to show yet</p>
          <p className="mt-1 text-sm text-slate-500">
            You are not a member of any product or product type. Ask an admin to add you to one, and its findings will appear here.
          </p>
        </div>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2">
          {products.map((product) => (
            <li key={product.id} data-testid="product-card" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
              <div className="flex items-baseline justify-between gap-2">
                <h2 className="font-semibold">{product.name}</h2>
                <span className="text-xs text-slate-500">{product.productType}</span>
              </div>
              <div className="mt-3 flex flex-wrap gap-1.5" aria-label={`Open findings in ${product.name}`}>
                {SEVERITIES.map((s) => (
                  <SeverityCount key={s} severity={s} count={product.openFindings[s]} />
                ))}
              </div>
              {product.breachedSla > 0 && <p className="mt-3 text-sm text-red-700">{product.breachedSla} past SLA</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
