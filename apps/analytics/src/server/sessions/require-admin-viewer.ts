import "server-only";
import { notFound } from "next/navigation";
import { getCurrentViewer } from "./current-viewer";
import type { Viewer } from "./sessions";

/**
 * The admin viewing a console page. Anyone else (signed out, or not an admin) gets the app's
 * 404: the console's existence is not advertised. Called by the layout and by every page, since
 * Next.js renders them concurrently.
 */
export async function requireAdminViewer(): Promise<Viewer> {
  const viewer = await getCurrentViewer();
  if (!viewer?.user.isAdmin) notFound();
  return viewer;
}
