import type { Metadata } from 'next';
import { ProductTypeForm } from '@/components/product-types/product-type-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/session/current-user';
import { canAddProductType } from '@/lib/domain/product-types';
import { createProductTypeAction } from '../actions';

export const metadata: Metadata = { title: 'New product type' };

export default async function NewProductTypePage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="New product type" crumbs={[{ href: '/product-types', label: 'Product types' }]} />
      {canAddProductType(user) ? (
        <ProductTypeForm action={createProductTypeAction} />
      ) : (
        <NotAllowed>Only admins and global Maintainers or Owners create product types.</NotAllowed>
      )}
    </>
  );
}
