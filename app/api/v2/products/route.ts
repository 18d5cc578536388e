import { productEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createProduct, listProducts } from '@/lib/domain/products';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listProducts(db, caller, query, page));
export const POST = handle(endpoints.create, ({ db, caller, body }) => createProduct(db, caller, body));
