import { publicError } from "~/server/http/api-error";
import { logger } from "~/server/logger";

/**
 * What a guest-embed page shows when it cannot be shown: the refusal's public message and code
 * (a host's developer can act on them), or a generic sentence for an unexpected failure, whose
 * details go to the log only.
 */
export function EmbedError({ what, error }: { what: "dashboard" | "question"; error: unknown }) {
  const known = publicError(error);
  if (!known) logger.error(`guest ${what} embed page failed`, { error });
  return (
    <main className="page">
      <h1 style={{ fontSize: 20 }}>This embedded {what} cannot be shown</h1>
      <p>{known ? known.message : "Something went wrong on the analytics server."}</p>
      <p style={{ color: "#64748b" }}>
        Error code:{" "}
        <code data-testid="embed-error-code">{known ? known.code : "internal_error"}</code>
      </p>
    </main>
  );
}
