// Next.js calls register() once when the server starts: refuse an unsafe
// configuration (listening beyond loopback without authentication), create
// the first admin, and resume the jobs that were running when it last stopped.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { authService } = await import("./server/auth/auth-instance");
    const { startupProblem } = await import("./server/auth/auth-config");
    const auth = authService();
    const problem = startupProblem(auth.config, auth.hasUsers());
    if (problem) {
      console.error(`[backfill-studio] refusing to start: ${problem}`);
      process.exit(78); // EX_CONFIG
    }
    const admin = await auth.bootstrap();
    if (admin) console.log(`[backfill-studio] created the first admin user '${admin}' (from BFS_ADMIN_PASSWORD)`);
    const { bootstrap } = await import("./server/instance");
    bootstrap();
  }
}
