import NextAuth from 'next-auth';
import { authOptions } from '@/lib/session/next-auth-options';

type Context = { params: Promise<{ nextauth: string[] }> };
type Handler = (request: Request, context: Context) => Promise<Response>;
let handler: Handler | undefined;

// Built on first request: the options read the environment, which is only complete at run time.
function route(request: Request, context: Context): Promise<Response> {
  handler ??= NextAuth(authOptions()) as Handler;
  return handler(request, context);
}

export { route as GET, route as POST };
