import { productTypeEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteProductType, getProductType, updateProductType } from '@/lib/domain/product-types';

export const GET = handle(endpoints.read, ({ db, caller, params }) => getProductType(db, caller, params.id));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) => updateProductType(db, caller, params.id, body));
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteProductType(db, caller, params.id));
