"use client";

import { signIn } from "next-auth/react";
import { type FormEvent, useEffect, useState } from "react";

/** next-auth's `error` as a sentence (the server sends `too_many_attempts:<seconds>`). */
function describeSignInError(error: string | null | undefined): string {
  if (error === "CredentialsSignin") return "The email or password is not correct.";
  const throttled = /^too_many_attempts:(\d*)$/.exec(error ?? "");
  if (throttled) {
    const minutes = Math.max(1, Math.ceil(Number(throttled[1] || 60) / 60));
    return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask another administrator to lift the lockout.`;
  }
  return "Signing in failed. Check the server's log, then try again.";
}

const inputStyle = {
  width: "100%",
  boxSizing: "border-box" as const,
  padding: "8px 10px",
  border: "1px solid #cbd5e1",
  borderRadius: 6,
  fontSize: 15,
};

/** `callbackPath`: where to go once signed in, already checked by the server (safeCallbackPath). */
export function LoginForm({ callbackPath }: { callbackPath: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Until React has hydrated, a click would submit the form natively and put the password in
  // the URL: keep the button disabled until then.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    // signIn throws when the server answers something it cannot read (an error JSON).
    const result = await signIn("credentials", {
      email: String(form.get("email")),
      password: String(form.get("password")),
      callbackUrl: callbackPath,
      redirect: false,
    }).catch(() => undefined);
    setPending(false);
    if (result?.ok) {
      window.location.assign(callbackPath);
    } else {
      setError(describeSignInError(result?.error));
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      method="post"
      style={{
        display: "grid",
        gap: 12,
        background: "#fff",
        padding: 20,
        borderRadius: 8,
        border: "1px solid #e2e8f0",
      }}
    >
      <label style={{ display: "grid", gap: 4 }}>
        Email
        <input name="email" type="email" autoComplete="username" required style={inputStyle} />
      </label>
      <label style={{ display: "grid", gap: 4 }}>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          style={inputStyle}
        />
      </label>
      {error ? (
        <p role="alert" data-testid="login-error" style={{ color: "#b91c1c", margin: 0 }}>
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending || !hydrated}
        style={{
          padding: "9px 14px",
          borderRadius: 6,
          border: 0,
          background: "#0f172a",
          color: "#fff",
          fontSize: 15,
          cursor: pending ? "wait" : "pointer",
        }}
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
