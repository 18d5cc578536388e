import { productEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteProduct, getProduct, updateProduct } from '@/lib/domain/products';

export const GET = handle(endpoints.read, ({ db, caller, params }) => getProduct(db, caller, params.id));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) => updateProduct(db, caller, params.id, body));
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteProduct(db, caller, params.id));
