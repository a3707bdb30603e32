/**
 * The copy-paste snippets of the content page, one per embedding mode, written against the real
 * public APIs: `@embed/react`'s `EmbedProvider` (`config.instanceUrl`, `config.auth.jwtProviderUri`)
 * with `Dashboard`/`Question` (`id`), the full app's `/auth/sso?return_to=…` redirect flow, and
 * `@embed/node`'s `signGuestEmbedToken(payload, secret)`. Never a secret: the guest snippet reads
 * it from the host's environment.
 */

export interface SnippetItem {
  kind: "dashboard" | "question";
  id: number;
  name: string;
  /** Slugs of the parameters a guest token must set (embedding `locked`). */
  lockedSlugs: readonly string[];
}

/** The host route the SDK asks for an SSO token, as the sample host and the README name it. */
export const JWT_PROVIDER_PATH = "/api/analytics/token";
/** The host's environment variable holding the guest-embedding secret (never the value). */
export const GUEST_SECRET_VARIABLE = "EMBED_GUEST_EMBED_SECRET";

const componentOf = (kind: SnippetItem["kind"]) =>
  kind === "dashboard" ? "Dashboard" : "Question";

/** The full app's page of a dashboard (questions have none of their own). */
export const fullAppPathOf = (dashboardId: number) => `/dashboard/${dashboardId}`;

const escapeHtmlAttribute = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

/** (a) The SDK: the provider and the item's component, rendered natively in the host's React page. */
export function sdkSnippet(instanceUrl: string, item: SnippetItem): string {
  const component = componentOf(item.kind);
  return `import { ${component}, EmbedProvider } from "@embed/react";

// ${JWT_PROVIDER_PATH}: your backend answers { jwt } for the signed-in user
// (createJwtProviderHandler from @embed/node).
export function Analytics() {
  return (
    <EmbedProvider
      config={{
        instanceUrl: ${JSON.stringify(instanceUrl)},
        auth: { jwtProviderUri: ${JSON.stringify(JWT_PROVIDER_PATH)} },
      }}
    >
      <${component} id={${item.id}} />
    </EmbedProvider>
  );
}`;
}

/**
 * (b) The full app in an iframe: the SSO redirect flow signs the user in (the analytics server
 * sends the browser to the identity-provider URL, which answers with a token), then opens the page.
 */
export function fullAppSnippet(instanceUrl: string, dashboardId: number, name: string): string {
  const returnTo = encodeURIComponent(fullAppPathOf(dashboardId));
  return `<iframe
  src="${instanceUrl}/auth/sso?return_to=${returnTo}"
  title="${escapeHtmlAttribute(name)}"
  style="width: 100%; height: 800px; border: 0"
></iframe>`;
}

/** A placeholder for a locked value: the host fills it from its signed-in user. */
const placeholderOf = (slug: string) => `"<${slug} of the signed-in user>"`;

/**
 * (c) A guest token signed on the host's server with `@embed/node`, then the iframe URL. Each
 * locked parameter is listed with a placeholder; the secret comes from the environment.
 */
export function guestSnippet(instanceUrl: string, item: SnippetItem): string {
  const params =
    item.lockedSlugs.length === 0
      ? "{}"
      : `{\n${item.lockedSlugs.map((slug) => `      ${slug}: ${placeholderOf(slug)},`).join("\n")}\n    }`;
  return `import { signGuestEmbedToken } from "@embed/node";

// On your server only: the secret never reaches the browser.
const secret = process.env.${GUEST_SECRET_VARIABLE};
if (!secret) throw new Error("${GUEST_SECRET_VARIABLE} is not set");

const token = await signGuestEmbedToken(
  {
    resource: { ${item.kind}: ${item.id} },
    // Locked parameters: set here, never by the viewer.
    params: ${params},
    exp: Math.floor(Date.now() / 1000) + 10 * 60, // ten minutes
  },
  secret,
);
const iframeUrl = \`${instanceUrl}/embed/${item.kind}/\${token}\`;
// <iframe src={iframeUrl} title=${JSON.stringify(item.name)} style={{ width: "100%", height: 600, border: 0 }} />`;
}
