"use client";

import { useState } from "react";

/** Ends the session this browser holds (SSO or admin) and returns to the home page. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
    const response = await fetch("/api/session", { method: "DELETE", credentials: "same-origin" })
      .then((answer) => answer.ok || answer.status === 401)
      .catch(() => false);
    setPending(false);
    if (response) window.location.assign("/");
    else setFailed(true);
  }

  return (
    <button type="button" className="chrome-button" onClick={signOut} disabled={pending}>
      {pending ? "Signing out…" : failed ? "Sign out failed — retry" : "Sign out"}
    </button>
  );
}
