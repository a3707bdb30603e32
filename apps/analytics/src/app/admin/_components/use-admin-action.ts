"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { z } from "zod";
import { describeInvalidBody } from "~/shared/invalid-body";
import { type ApiOutcome, callAdminApi } from "./call-admin-api";

export interface ActionOutcome {
  ok: boolean;
  message: string;
}

/**
 * The one way a console control calls the admin API: it checks the body with the route's own zod
 * schema (the same message the API would answer, without the round trip), asks first when the
 * action is destructive, shows "pending" while the call runs, puts the API's own message (or the
 * caller's success sentence) beside the control, and re-renders the server page after a success.
 */
export function useAdminAction() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);

  async function run<T>(
    path: string,
    init: { method: string; body?: unknown },
    options: {
      /** The schema the route parses the body with (`~/shared/admin-schemas`). */
      schema?: z.ZodType;
      /** Asked with window.confirm first; a "no" does nothing. */
      confirm?: string;
      /** The success sentence shown beside the control; none shows nothing. */
      success?: (body: T) => string | undefined;
      /** Re-render the page's server components after a success (default true). */
      refresh?: boolean;
    } = {},
  ): Promise<ApiOutcome<T> | null> {
    if (options.schema) {
      const checked = options.schema.safeParse(init.body);
      if (!checked.success) {
        const message = describeInvalidBody(checked.error);
        setOutcome({ ok: false, message });
        return { ok: false, code: "invalid_body", message };
      }
    }
    if (options.confirm && !window.confirm(options.confirm)) return null;
    setPending(true);
    setOutcome(null);
    const result = await callAdminApi<T>(path, init);
    setPending(false);
    if (result.ok) {
      const message = options.success?.(result.body);
      setOutcome(message ? { ok: true, message } : null);
      if (options.refresh !== false) router.refresh();
    } else {
      setOutcome({ ok: false, message: result.message });
    }
    return result;
  }

  /** A check that fails before any call (a field left empty) shows like the API's refusal. */
  const refuse = (message: string) => setOutcome({ ok: false, message });

  return { pending, outcome, run, refuse };
}
