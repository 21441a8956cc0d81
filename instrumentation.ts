// Next.js calls register() once when the server starts: resume the jobs that
// were running when it last stopped.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootstrap } = await import("./server/instance");
    bootstrap();
  }
}
