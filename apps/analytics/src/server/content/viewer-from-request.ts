import "server-only";
import { authenticateRequest } from "../sessions/authenticate-request";
import { type ContentViewer, contentViewerForUser } from "./content-viewer";

/** The signed-in viewer of a content request (401 when there is none). */
export async function contentViewerFromRequest(request: Request): Promise<ContentViewer> {
  return contentViewerForUser(await authenticateRequest(request));
}
