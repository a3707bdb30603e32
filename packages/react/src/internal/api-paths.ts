// The API routes the SDK calls (API.md). Every dynamic segment is encoded: ids are numbers,
// but slugs and guest tokens come from props.
const segment = (value: string | number) => encodeURIComponent(String(value));

export const apiPaths = {
  dashboard: (id: number) => `/api/dashboard/${segment(id)}`,
  dashcardQuery: (id: number, dashcardId: number) =>
    `/api/dashboard/${segment(id)}/cards/${segment(dashcardId)}/query`,
  dashcardDrill: (id: number, dashcardId: number) =>
    `/api/dashboard/${segment(id)}/cards/${segment(dashcardId)}/drill`,
  dashcardExport: (id: number, dashcardId: number, parameters: Record<string, unknown>) => {
    const query = new URLSearchParams({ format: "csv" });
    if (Object.keys(parameters).length > 0) query.set("parameters", JSON.stringify(parameters));
    return `/api/dashboard/${segment(id)}/cards/${segment(dashcardId)}/export?${query}`;
  },
  parameterValues: (id: number, slug: string, search?: string) =>
    `/api/dashboard/${segment(id)}/params/${segment(slug)}/values${
      search ? `?${new URLSearchParams({ search })}` : ""
    }`,
  card: (id: number) => `/api/card/${segment(id)}`,
  cardQuery: (id: number) => `/api/card/${segment(id)}/query`,
  dataset: "/api/dataset",
  currentUser: "/api/user/current",
  collectionItems: (id: number | "root") => `/api/collection/${segment(id)}/items`,
  guestDashboard: (token: string) => `/api/embed/dashboard/${segment(token)}`,
  guestDashcardQuery: (token: string, dashcardId: number) =>
    `/api/embed/dashboard/${segment(token)}/cards/${segment(dashcardId)}/query`,
};

export const jsonPost = (body: unknown, signal?: AbortSignal): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
  ...(signal ? { signal } : {}),
});
