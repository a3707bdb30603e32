"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

export interface SignOutButtonProps {
  className?: string;
}

export function SignOutButton({ className }: SignOutButtonProps) {
  const [isPending, setIsPending] = useState(false);
  const [hasFailed, setHasFailed] = useState(false);

  async function handleClick() {
    setIsPending(true);
    setHasFailed(false);
    try {
      // No redirect from next-auth (its absolute URLs depend on NEXTAUTH_URL); a full page load
      // re-renders every server component without the session.
      await signOut({ redirect: false });
      window.location.assign("/");
    } catch {
      setIsPending(false);
      setHasFailed(true);
    }
  }

  return (
    <button type="button" className={className} disabled={isPending} onClick={handleClick}>
      {isPending ? "Logging out…" : hasFailed ? "Log out failed — retry" : "Log out"}
    </button>
  );
}
