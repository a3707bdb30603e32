import "server-only";
import { type DashboardParameter, requireLockedValue } from "../content/parameters";
import { ApiError } from "../http/api-error";

const modeOf = (parameter: DashboardParameter) => parameter.embedding ?? "disabled";

/** The slugs of the parameters a guest embed locks. */
export function lockedSlugsOf(parameters: readonly DashboardParameter[]): Set<string> {
  return new Set(parameters.filter((p) => modeOf(p) === "locked").map((p) => p.slug));
}

/**
 * The locked values of a guest embed, from the signed token only — the one place a token's
 * `params` are read. Each must restrict the rows (`requireLockedValue`): a missing, blank, empty,
 * null, object or open-range value is refused with `guest_parameter_invalid`. So is a signed value
 * for a parameter that is not locked (unknown, editable or disabled): the host that signed it
 * means it to restrict the rows, and ignoring it would show everything instead.
 */
export function lockedValuesFromToken(
  parameters: readonly DashboardParameter[],
  tokenParams: Record<string, unknown>,
): Record<string, unknown> {
  const lockedSlugs = lockedSlugsOf(parameters);
  const unlocked = Object.keys(tokenParams).filter((slug) => !lockedSlugs.has(slug));
  if (unlocked.length > 0) {
    throw new ApiError(
      "guest_parameter_invalid",
      400,
      `The embed token sets ${unlocked
        .slice(0, 5)
        .map((slug) => `"${slug.slice(0, 60)}"`)
        .join(
          ", ",
        )}, which this embed does not lock, so it would restrict nothing. Lock the parameter (admin API: its embedding "locked") or leave it out of the token.`,
    );
  }
  const locked: Record<string, unknown> = {};
  for (const parameter of parameters) {
    if (modeOf(parameter) !== "locked") continue;
    locked[parameter.slug] = requireLockedValue(parameter, tokenParams[parameter.slug]);
  }
  return locked;
}

/**
 * The parameter values of a guest query: the viewer's values for editable parameters, plus the
 * token's locked ones. Setting a locked or disabled parameter is refused, not ignored.
 */
export function mergeGuestParameterValues(
  parameters: readonly DashboardParameter[],
  locked: Record<string, unknown>,
  requested: Record<string, unknown>,
): Record<string, unknown> {
  for (const slug of Object.keys(requested)) {
    const parameter = parameters.find((candidate) => candidate.slug === slug);
    if (!parameter) continue; // unknown slugs: refused as `invalid_parameter` by filtersForCard
    if (modeOf(parameter) === "locked") {
      throw new ApiError(
        "parameter_locked",
        400,
        `Parameter "${slug}" is locked by the embed token.`,
      );
    }
    if (modeOf(parameter) === "disabled") {
      throw new ApiError(
        "parameter_disabled",
        400,
        `Parameter "${slug}" is not available in this embed.`,
      );
    }
  }
  return { ...requested, ...locked };
}
