import { handle, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";
import { jobEventStream } from "@/server/jobs/job-stream";

export const dynamic = "force-dynamic";

export function GET(req: Request, { params }: Params<{ id: string }>) {
  return handle(async () => {
    const id = (await params).id;
    services().jobs.get(id); // 404 before the stream starts
    return new Response(jobEventStream(services(), id, req.signal), {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      },
    });
  });
}
