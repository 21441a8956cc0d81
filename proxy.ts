// Runs before routing. Next decodes dynamic path segments itself and answers a
// segment that is not valid percent-encoded UTF-8 (e.g. %ED%A0%80, a lone
// surrogate) with an HTML "Internal Server Error" 500; answer a JSON 400 instead.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(req: NextRequest) {
  try {
    for (const seg of new URL(req.url).pathname.split("/")) decodeURIComponent(seg);
  } catch {
    return NextResponse.json({ error: "the URL path is not valid percent-encoded UTF-8" }, { status: 400 });
  }
  return NextResponse.next();
}

export const config = { matcher: "/api/:path*" };
