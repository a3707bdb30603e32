/**
 * What the login page says for an `?error=` it was sent back with (next-auth's codes and ours).
 * Only these fixed texts are shown, never the parameter itself.
 */
export function loginProblemMessage(code: string | undefined): string | null {
  if (!code) return null;
  if (code === "CredentialsSignin") return "The email or password is not correct.";
  return "Signing in failed. Check the server's log, then try again.";
}
