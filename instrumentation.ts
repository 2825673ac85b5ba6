/** Runs once when a server process starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { stampSocketAddresses } = await import("./lib/auth/socket-address");
    stampSocketAddresses();
  }
}
