import { describe, expect, it } from "vitest";
import {
  CLIENT_ERROR_CODES,
  CollectionItemsResponseSchema,
  DashboardResponseSchema,
  ERROR_CODES,
  QueryResultSchema,
  SessionTokenResponseSchema,
} from "../index";

describe("content wire schemas", () => {
  it("accept the dashboard answer the server writes", () => {
    const dashboard = DashboardResponseSchema.parse({
      id: 1,
      name: "Account overview",
      description: null,
      parameters: [
        { id: "status", slug: "status", name: "Status", type: "category", default: null },
      ],
      cards: [
        {
          id: 3,
          cardId: 7,
          title: "Orders",
          description: "Number of orders.",
          display: "scalar",
          visualizationSettings: {},
          layout: { x: 0, y: 0, w: 6, h: 4 },
          parameterMappings: [{ parameterId: "status", target: { column: "status" } }],
        },
      ],
    });
    expect(dashboard.cards[0]?.layout.w).toBe(6);
  });

  it("refuse a result whose rows are not arrays", () => {
    expect(
      QueryResultSchema.safeParse({ columns: [], rows: [{}], rowCount: 1, truncated: false })
        .success,
    ).toBe(false);
  });

  it("describe sessions and collection items", () => {
    expect(SessionTokenResponseSchema.safeParse({ sessionToken: "", expiresAt: "x" }).success).toBe(
      false,
    );
    expect(
      CollectionItemsResponseSchema.safeParse({
        items: [{ id: 1, model: "folder", name: "x", description: null }],
      }).success,
    ).toBe(false);
  });

  it("keep client codes apart from API codes", () => {
    for (const code of CLIENT_ERROR_CODES) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect((ERROR_CODES as readonly string[]).includes(code)).toBe(false);
    }
  });
});
