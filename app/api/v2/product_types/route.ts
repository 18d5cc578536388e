import { productTypeEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createProductType, listProductTypes } from '@/lib/domain/product-types';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listProductTypes(db, caller, query, page));
export const POST = handle(endpoints.create, ({ db, caller, body }) => createProductType(db, caller, body));
