import "server-only";
import { redirect } from "next/navigation";
import { getCurrentUser } from "./auth";
import type { HostUser } from "./users";

/** The logged-in host user; anyone else goes to /login and comes back to `path` afterwards. */
export async function requireUser(path: string): Promise<HostUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?${new URLSearchParams({ callbackUrl: path })}`);
  return user;
}
