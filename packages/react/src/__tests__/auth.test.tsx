import { act, render, screen, waitFor } from "@testing-library/react";
import { useEffect } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  Dashboard,
  EmbedProvider,
  type EmbedProviderProps,
  useCurrentUser,
  useDashboard,
  useEmbedAuth,
} from "../index";
import {
  apiError,
  bearerOf,
  createFakeServer,
  INSTANCE,
  JWT_URI,
  json,
} from "./support/fake-server";
import { renderWithProvider, stubFetch, withDashboard } from "./support/render";

const USER = {
  id: 7,
  email: "ada@example.com",
  firstName: "Ada",
  lastName: "Lovelace",
  groups: [{ id: 2, name: "Tenants" }],
  attributes: { primary_id: 4 },
  isAdmin: false,
};

function AuthStatus() {
  const auth = useEmbedAuth();
  return (
    <p data-testid="auth">
      {auth.status}
      {auth.error ? `:${auth.error.code}` : ""}
    </p>
  );
}

function UserEmail() {
  const user = useCurrentUser();
  return <p data-testid="user">{user.status === "success" ? user.data.email : user.status}</p>;
}

function BothHooks() {
  const dashboard = useDashboard(1);
  const user = useCurrentUser();
  return (
    <p data-testid="both">
      {dashboard.status}/{user.status}
    </p>
  );
}

let retry: () => void = () => {};
function StatusWithRetry() {
  const auth = useEmbedAuth();
  retry = auth.retry;
  return <AuthStatus />;
}

let mounts = 0;
function MountCounter() {
  useEffect(() => {
    mounts += 1;
  }, []);
  return <span>child</span>;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("EmbedProvider sign-in", () => {
  it("exchanges the host's JWT for a session and sends it as a bearer token", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/user/current", () => json(USER));
    renderWithProvider(
      <>
        <AuthStatus />
        <UserEmail />
      </>,
      server,
    );
    expect(screen.getByTestId("auth").textContent).toBe("loading");
    await waitFor(() => expect(screen.getByTestId("user").textContent).toBe("ada@example.com"));
    expect(screen.getByTestId("auth").textContent).toBe("authenticated");

    const [provider] = server.calls(`GET ${JWT_URI}`);
    expect(provider?.credentials).toBe("include");
    expect(server.calls("POST /api/session/sso")[0]?.body).toEqual({ jwt: "host.jwt" });
    expect(bearerOf(server.calls("GET /api/user/current")[0] as never)).toBe("Bearer s1");
  });

  it("accepts fetchRequestToken instead of a provider URL", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/user/current", () => json(USER));
    const fetchRequestToken = vi.fn(async () => ({ jwt: "from.function" }));
    renderWithProvider(<UserEmail />, server, {
      config: { instanceUrl: `${INSTANCE}/`, auth: { fetchRequestToken } },
    });
    await waitFor(() => expect(screen.getByTestId("user").textContent).toBe("ada@example.com"));
    expect(fetchRequestToken).toHaveBeenCalledTimes(1);
    expect(server.calls("POST /api/session/sso")[0]?.body).toEqual({ jwt: "from.function" });
  });

  it("keeps the token in memory only", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/user/current", () => json(USER));
    renderWithProvider(<UserEmail />, server);
    await waitFor(() => expect(screen.getByTestId("user").textContent).toBe("ada@example.com"));
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
    expect(document.cookie).toBe("");
    expect(document.body.innerHTML).not.toContain("s1");
  });

  it("renews shortly before expiry (fake timers), and later requests use the new token", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = createFakeServer().withAuth(10 * 60_000);
    server.route("GET /api/user/current", () => json(USER));
    renderWithProvider(<AuthStatus />, server);
    await waitFor(() => expect(screen.getByTestId("auth").textContent).toBe("authenticated"));
    expect(server.calls("POST /api/session/sso")).toHaveLength(1);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(8 * 60_000);
    });
    expect(server.calls("POST /api/session/sso")).toHaveLength(1);
    await act(async () => {
      // 10% of a 10-minute lifetime, i.e. 60 s, before expiry.
      await vi.advanceTimersByTimeAsync(60_000 + 1_000);
    });
    expect(server.calls("POST /api/session/sso")).toHaveLength(2);
    expect(screen.getByTestId("auth").textContent).toBe("authenticated");
  });

  it("after a 401 renews once and retries the request, which then succeeds", async () => {
    const server = createFakeServer().withAuth();
    let first = true;
    server.route("GET /api/user/current", () => {
      if (first) {
        first = false;
        return apiError(401, "session_revoked");
      }
      return json(USER);
    });
    renderWithProvider(<UserEmail />, server);
    await waitFor(() => expect(screen.getByTestId("user").textContent).toBe("ada@example.com"));
    const calls = server.calls("GET /api/user/current");
    expect(calls.map(bearerOf)).toEqual(["Bearer s1", "Bearer s2"]);
    expect(server.calls("POST /api/session/sso")).toHaveLength(2);
  });

  it("shares one renewal among concurrent 401s", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    server.route("GET /api/user/current", (request) =>
      bearerOf(request) === "Bearer s1" ? apiError(401, "session_expired") : json(USER),
    );
    server.route("GET /api/dashboard/1", (request) =>
      bearerOf(request) === "Bearer s1"
        ? apiError(401, "session_expired")
        : json({ id: 1, name: "D", description: null, parameters: [], cards: [] }),
    );
    renderWithProvider(<BothHooks />, server);
    await waitFor(() => expect(screen.getByTestId("both").textContent).toBe("success/success"));
    expect(server.calls("POST /api/session/sso")).toHaveLength(2);
  });

  it("a second 401 after renewal is final: the request errors with the server's code", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/user/current", () => apiError(401, "user_deactivated"));
    renderWithProvider(<UserEmail />, server);
    await waitFor(() => expect(screen.getByTestId("user").textContent).toBe("error"));
    expect(server.calls("GET /api/user/current")).toHaveLength(2);
  });

  it("a failing JWT provider is an error state with code jwt_provider_failed", async () => {
    const server = createFakeServer();
    server.route(`GET ${JWT_URI}`, () => apiError(401, "unauthorized", "Nobody is logged in."));
    const onError = vi.fn();
    renderWithProvider(<AuthStatus />, server, { onError });
    await waitFor(() =>
      expect(screen.getByTestId("auth").textContent).toBe("error:jwt_provider_failed"),
    );
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: "jwt_provider_failed" }));
  });

  it("a refused exchange is an error state with the server's code, and components show it", async () => {
    const server = createFakeServer();
    server.route(`GET ${JWT_URI}`, () => json({ jwt: "old.jwt" }));
    server.route("POST /api/session/sso", () => apiError(401, "token_expired", "The JWT expired."));
    renderWithProvider(
      <>
        <AuthStatus />
        <Dashboard id={1} />
      </>,
      server,
    );
    await waitFor(() => expect(screen.getByTestId("auth").textContent).toBe("error:token_expired"));
    await waitFor(() =>
      expect(document.querySelector("[data-embed-error-code]")?.textContent).toBe("token_expired"),
    );
  });

  it("a failed renewal after a 401 is an error state; retry() signs in again", async () => {
    const server = createFakeServer().withAuth();
    let isProviderUp = true;
    server.route(`GET ${JWT_URI}`, () =>
      isProviderUp ? json({ jwt: "host.jwt" }) : apiError(503, "internal_error", "Down."),
    );
    server.route("GET /api/user/current", (request) =>
      bearerOf(request) === "Bearer s1" ? apiError(401, "session_revoked") : json(USER),
    );
    const view = renderWithProvider(<StatusWithRetry />, server);
    await waitFor(() => expect(screen.getByTestId("auth").textContent).toBe("authenticated"));

    isProviderUp = false;
    view.rerenderWithProvider(
      <>
        <StatusWithRetry />
        <UserEmail />
      </>,
    );
    await waitFor(() =>
      expect(screen.getByTestId("auth").textContent).toBe("error:jwt_provider_failed"),
    );
    await waitFor(() => expect(screen.getByTestId("user").textContent).toBe("error"));

    isProviderUp = true;
    act(() => retry());
    await waitFor(() => expect(screen.getByTestId("auth").textContent).toBe("authenticated"));
    // The query that failed while signed out is fetched again.
    await waitFor(() => expect(screen.getByTestId("user").textContent).toBe("ada@example.com"));
  });

  it("a scheduled renewal that fails keeps the still-valid session, then retries", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = createFakeServer().withAuth(10 * 60_000);
    let failures = 1;
    const sso = server.calls.bind(server);
    server.route("POST /api/session/sso", () => {
      if (sso("POST /api/session/sso").length === 2 && failures > 0) {
        failures -= 1;
        return apiError(503, "database_unavailable");
      }
      return json({
        sessionToken: `t${sso("POST /api/session/sso").length}`,
        expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      });
    });
    renderWithProvider(<AuthStatus />, server);
    await waitFor(() => expect(screen.getByTestId("auth").textContent).toBe("authenticated"));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(9 * 60_000 + 1_000);
    });
    expect(server.calls("POST /api/session/sso")).toHaveLength(2);
    expect(screen.getByTestId("auth").textContent).toBe("authenticated");
    await act(async () => {
      await vi.advanceTimersByTimeAsync(30_000);
    });
    expect(server.calls("POST /api/session/sso")).toHaveLength(3);
    expect(screen.getByTestId("auth").textContent).toBe("authenticated");
  });
});

describe("renewal does not remount or flash", () => {
  it("keeps the same DOM and mount count through a scheduled renewal and a 401 renewal", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = withDashboard(createFakeServer().withAuth(10 * 60_000));
    mounts = 0;
    const { container } = renderWithProvider(
      <>
        <MountCounter />
        <Dashboard id={1} />
      </>,
      server,
    );
    await waitFor(() =>
      expect(container.querySelectorAll("[data-embed-dashcard]")).toHaveLength(4),
    );
    const table = container.querySelector("table.embed-table");
    expect(table).not.toBeNull();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(9 * 60_000 + 5_000);
    });
    expect(server.calls("POST /api/session/sso")).toHaveLength(2);
    expect(mounts).toBe(1);
    expect(container.querySelector("table.embed-table")).toBe(table);
    expect(container.querySelector("[data-embed-state=loading]")).toBeNull();
  });
});

describe("EmbedProvider config", () => {
  it("does not restart the session when the host passes a new config object each render", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/user/current", () => json(USER));
    stubFetch(server);
    const props = (): EmbedProviderProps => ({
      config: { instanceUrl: INSTANCE, auth: { fetchRequestToken: async () => ({ jwt: "j" }) } },
    });
    const view = render(
      <EmbedProvider {...props()}>
        <UserEmail />
      </EmbedProvider>,
    );
    await waitFor(() => expect(screen.getByTestId("user").textContent).toBe("ada@example.com"));
    view.rerender(
      <EmbedProvider {...props()}>
        <UserEmail />
      </EmbedProvider>,
    );
    expect(screen.getByTestId("user").textContent).toBe("ada@example.com");
    expect(server.calls("POST /api/session/sso")).toHaveLength(1);
  });

  it("explains a hook used outside the provider", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<UserEmail />)).toThrow(/inside <EmbedProvider/);
    spy.mockRestore();
  });
});

describe("StrictMode", () => {
  it("the provider's double effects share one exchange", async () => {
    const { StrictMode } = await import("react");
    const server = createFakeServer().withAuth();
    server.route("GET /api/user/current", () => json(USER));
    stubFetch(server);
    render(
      <StrictMode>
        <EmbedProvider config={{ instanceUrl: INSTANCE, auth: { jwtProviderUri: JWT_URI } }}>
          <UserEmail />
        </EmbedProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId("user").textContent).toBe("ada@example.com"));
    expect(server.calls(`GET ${JWT_URI}`)).toHaveLength(1);
    expect(server.calls("POST /api/session/sso")).toHaveLength(1);
  });
});
