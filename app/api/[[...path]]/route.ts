import { json } from "@/server/http/respond";

export const dynamic = "force-dynamic";

// Unknown API paths (/api itself included) answer JSON, not the HTML 404 page.
const notFound = (req: Request) => json({ error: `no API route ${req.method} ${new URL(req.url).pathname}` }, 404);
export { notFound as GET, notFound as POST, notFound as PUT, notFound as DELETE, notFound as PATCH };
