// A product's type by name: a link when the viewer may open the type's page, plain text otherwise.
import Link from 'next/link';
import { LINK } from '@/components/ui/styles';
import type { ProductTypeLabel } from '@/lib/domain/product-type-names';

export function ProductTypeName({ type }: { type: ProductTypeLabel | undefined }) {
  if (!type) return <>—</>;
  return type.visible ? (
    <Link href={`/product-types/${type.id}`} className={LINK} data-testid="product-type-name">
      {type.name}
    </Link>
  ) : (
    <span data-testid="product-type-name">{type.name}</span>
  );
}
