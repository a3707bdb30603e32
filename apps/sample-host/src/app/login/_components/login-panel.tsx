"use client";

import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import styles from "../login.module.css";

export interface DemoUserOption {
  email: string;
  name: string;
  organization: string;
  accessSummary: string;
}

export interface LoginPanelProps {
  users: DemoUserOption[];
  /** Printed on the page anyway: every demo user shares it. */
  demoPassword: string;
  /** Already sanitised by the server: a path on this site. */
  callbackUrl: string;
  initialError: string | null;
}

/** One-click demo logins and an ordinary email/password form, both through next-auth. */
export function LoginPanel({ users, demoPassword, callbackUrl, initialError }: LoginPanelProps) {
  const [pendingEmail, setPendingEmail] = useState<string | null>(null);
  const [error, setError] = useState(initialError);

  async function logIn(email: string, password: string) {
    setPendingEmail(email);
    setError(null);
    try {
      // redirect: false, then a full page load of our own sanitised path: next-auth's absolute
      // redirect URL depends on NEXTAUTH_URL, and callbackUrl may be a route handler
      // (/analytics/sso) that a client-side navigation cannot follow.
      const result = await signIn("credentials", { email, password, redirect: false });
      if (result?.ok && !result.error) {
        window.location.assign(callbackUrl);
        return;
      }
      setError("Wrong email or password.");
    } catch {
      setError("Could not reach the login service. Please try again.");
    }
    setPendingEmail(null);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void logIn(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
  }

  const isBusy = pendingEmail !== null;
  return (
    <>
      {error && (
        <div role="alert" className={styles.error}>
          {error}
        </div>
      )}
      <div className={styles.columns}>
        <section className={styles.card} aria-labelledby="demo-users">
          <h2 id="demo-users" className={styles.cardTitle}>
            Demo users
          </h2>
          <p className={styles.cardHint}>
            One click logs you in. Every demo user's password is <code>{demoPassword}</code>.
          </p>
          <ul className={styles.userList}>
            {users.map((user) => (
              <li key={user.email} className={styles.userRow}>
                <div className={styles.userInfo}>
                  <span className={styles.userName}>
                    {user.name} · {user.organization}
                  </span>
                  {user.email} — {user.accessSummary}
                </div>
                <button
                  type="button"
                  className={styles.primary}
                  disabled={isBusy}
                  onClick={() => void logIn(user.email, demoPassword)}
                >
                  {pendingEmail === user.email ? "Logging in…" : `Log in as ${user.name}`}
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section className={styles.card} aria-labelledby="password-login">
          <h2 id="password-login" className={styles.cardTitle}>
            Email and password
          </h2>
          <p className={styles.cardHint}>The way a real Parcelpoint user logs in.</p>
          <form onSubmit={handleSubmit}>
            <label className={styles.field}>
              Email
              <input
                className={styles.input}
                name="email"
                type="email"
                autoComplete="username"
                required
              />
            </label>
            <label className={styles.field}>
              Password
              <input
                className={styles.input}
                name="password"
                type="password"
                autoComplete="current-password"
                required
              />
            </label>
            <button type="submit" className={styles.primary} disabled={isBusy}>
              Log in
            </button>
          </form>
        </section>
      </div>
    </>
  );
}
