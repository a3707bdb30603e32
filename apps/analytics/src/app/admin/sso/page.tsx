import type { Metadata } from "next";
import { requireAdminViewer } from "~/server/sessions/require-admin-viewer";
import { describeSecret, SECRET_NAMES } from "~/server/settings/secret-keys";
import { describeSettings } from "~/server/settings/settings";
import { SecretPanel } from "../_components/secret-panel";
import { SettingField, type SettingFieldName } from "../_components/setting-field";
import { ClaimsTester } from "./claims-tester";
import { JwksCheck } from "./jwks-check";

export const metadata: Metadata = { title: "SSO and embedding · Admin console" };

const SECRET_LABELS: Record<string, { title: string; env: string; about: string }> = {
  jwt_shared_secret: {
    title: "SSO shared secret (JWT)",
    env: "EMBED_JWT_SHARED_SECRET",
    about: "The host backend signs its users' SSO tokens with it (HS256).",
  },
  guest_embed_secret: {
    title: "Guest-embedding secret",
    env: "EMBED_GUEST_EMBED_SECRET",
    about: "The host backend signs guest-embed tokens with it (HS256).",
  },
};

const FIELDS: { name: SettingFieldName; label: string; env?: string; help: string }[] = [
  {
    name: "idpUrl",
    label: "Identity-provider URL",
    env: "EMBED_JWT_IDP_URL",
    help: "Where a visitor without a session is sent to sign in (the host's SSO endpoint).",
  },
  {
    name: "jwksUrl",
    label: "JWKS URL",
    env: "EMBED_JWT_JWKS_URL",
    help: "Verify SSO tokens with the identity provider's public keys instead. Empty: not used.",
  },
  {
    name: "authorizedOrigins",
    label: "Authorized origins",
    env: "EMBED_AUTHORIZED_ORIGINS",
    help: "The host sites that may frame this server and call it from the browser; one per line.",
  },
  {
    name: "sessionLengthMinutes",
    label: "Session length (minutes)",
    help: "How long an SSO session lasts (5 minutes to 30 days).",
  },
  {
    name: "groupSync",
    label: "Group sync",
    help: "Replace a user's synced group memberships with the groups their token names at each login.",
  },
];

const PANEL = {
  background: "#fff",
  border: "1px solid #e2e8f0",
  borderRadius: 8,
  padding: "12px 16px",
  display: "grid",
  gap: 16,
} as const;

/**
 * `/admin/sso`: the secrets hosts sign with, the settings SSO and embedding run on (with a JWKS
 * check), and the claims tester.
 */
export default async function AdminSsoPage() {
  await requireAdminViewer();
  const [{ values, sources }, secrets] = await Promise.all([
    describeSettings(),
    Promise.all(SECRET_NAMES.map((name) => describeSecret(name))),
  ]);
  return (
    <div style={{ display: "grid", gap: 16 }}>
      <h1 style={{ fontSize: 22, margin: "4px 0 0" }}>SSO and embedding</h1>
      <p style={{ margin: 0, color: "#475569" }}>
        Secret values are never shown. A setting set by an environment variable can only be changed
        there.
      </p>
      {secrets.map((secret) => {
        const labels = SECRET_LABELS[secret.name] ?? { title: secret.name, env: "", about: "" };
        return (
          <SecretPanel
            key={secret.name}
            name={secret.name}
            title={labels.title}
            envVar={labels.env}
            about={labels.about}
            source={secret.source}
            versions={secret.versions.map((version) => ({
              kid: version.kid,
              status: version.status,
              isDevelopmentDefault: version.isDevelopmentDefault,
              createdAt: version.createdAt.toISOString(),
            }))}
          />
        );
      })}
      <section aria-labelledby="settings-title" style={PANEL}>
        <h2 id="settings-title" style={{ fontSize: 16, margin: 0 }}>
          Settings
        </h2>
        {FIELDS.map((field) => (
          <div key={field.name} style={{ display: "grid", gap: 8 }}>
            <SettingField
              name={field.name}
              label={field.label}
              help={field.help}
              envVar={field.env}
              source={sources[field.name]}
              value={values[field.name]}
            />
            {field.name === "jwksUrl" ? <JwksCheck configuredUrl={values.jwksUrl} /> : null}
          </div>
        ))}
      </section>
      <section aria-labelledby="claims-tester-title" style={PANEL}>
        <h2 id="claims-tester-title" style={{ fontSize: 16, margin: 0 }}>
          Claims tester
        </h2>
        <p style={{ margin: 0, color: "#475569" }}>
          What would someone signing in with these claims get? Their groups and which mapping (or
          the groups claim) grants each, the attributes the row policies read, and their access to
          every table — worked out by the same code as a real sign-in and query, without creating
          anyone.
        </p>
        <ClaimsTester />
      </section>
    </div>
  );
}
