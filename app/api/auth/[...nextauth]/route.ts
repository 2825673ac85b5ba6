import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth v4's App Router handler; the options are built per request so the build needs no secret. */
async function handler(request: NextRequest, context: Context): Promise<Response> {
  const run = NextAuth as unknown as (req: NextRequest, ctx: Context, options: ReturnType<typeof authOptions>) => Promise<Response>;
  return run(request, context, authOptions());
}

export { handler as GET, handler as POST };
