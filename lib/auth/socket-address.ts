/**
 * Next.js gives route handlers no socket address: it only fills in
 * X-Forwarded-For when the client did not send one, so a client can name any
 * address it likes. This stamps every incoming request with the address of
 * the socket it came on, overwriting whatever the client sent in that header,
 * before Next.js sees it (installed once at start-up by instrumentation.ts).
 */
import http from "node:http";
import { SOCKET_ADDRESS_HEADER } from "./sign-in-limiter";

const INSTALLED = Symbol.for("dutyboard.socketAddressStamp");

export function stampSocketAddresses(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function stamped(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage | undefined;
      if (req?.headers) req.headers[SOCKET_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "unknown";
    }
    return (emit as (...a: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof proto.emit;
}
