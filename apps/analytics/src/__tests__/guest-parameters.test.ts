import { describe, expect, it } from "vitest";
import { UpdateCardSchema } from "~/server/admin/cards";
import {
  cardParameterMappings,
  type DashboardParameter,
  filtersForCard,
  type ParameterMapping,
  requireLockedParametersMapped,
  requireLockedValue,
} from "~/server/content/parameters";
import { lockedValuesFromToken, mergeGuestParameterValues } from "~/server/embed/guest-parameters";

/**
 * Guest embeds fail closed: a locked value that filters nothing is refused, and a locked parameter
 * must reach every card that reads a table (issue 10, item 1).
 */

const account: DashboardParameter = {
  id: "account",
  slug: "account_id",
  name: "Account",
  type: "category",
  embedding: "locked",
};
const period: DashboardParameter = {
  id: "period",
  slug: "period",
  name: "Period",
  type: "date/range",
  embedding: "locked",
};
const day: DashboardParameter = {
  id: "day",
  slug: "day",
  name: "Day",
  type: "date/single",
  embedding: "locked",
};
const status: DashboardParameter = {
  id: "status",
  slug: "status",
  name: "Status",
  type: "category",
  embedding: "enabled",
};
const toAccount: ParameterMapping = { parameterId: "account", target: { column: "account_id" } };

describe("requireLockedValue", () => {
  const emptyValues: unknown[] = [
    undefined,
    null,
    "",
    "   ",
    "\t\n",
    [],
    [""],
    [4, " "],
    [null],
    {},
    { from: "2024-01-01" },
    [[]],
    Number.NaN,
  ];
  it.each(emptyValues.map((value) => [JSON.stringify(value) ?? "undefined", value]))(
    "refuses %s for a locked category parameter",
    (_label, value) => {
      expect(() => requireLockedValue(account, value)).toThrow(
        expect.objectContaining({ code: "guest_parameter_invalid", status: 400 }),
      );
      try {
        requireLockedValue(account, value);
      } catch (error) {
        expect((error as Error & { publicMessage: string }).publicMessage).toContain("account_id");
      }
    },
  );

  const openRanges: unknown[] = [
    "~",
    "2024-01-01~",
    "~2024-12-31",
    " ~ ",
    { from: null, to: null },
    { from: "2024-01-01", to: null },
    {},
    { from: "", to: "" },
    "",
    null,
    ["2024-01-01", "2024-12-31"],
  ];
  it.each(openRanges.map((value) => [JSON.stringify(value), value]))(
    "refuses the open or empty date range %s",
    (_label, value) => {
      expect(() => requireLockedValue(period, value)).toThrow(
        expect.objectContaining({ code: "guest_parameter_invalid" }),
      );
    },
  );

  it("refuses a blank or non-string single date", () => {
    for (const value of ["", " ", 20240101, {}, null]) {
      expect(() => requireLockedValue(day, value)).toThrow(
        expect.objectContaining({ code: "guest_parameter_invalid" }),
      );
    }
  });

  it("accepts values that restrict the rows", () => {
    expect(requireLockedValue(account, 4)).toBe(4);
    expect(requireLockedValue(account, "4")).toBe("4");
    expect(requireLockedValue(account, [1, 2])).toEqual([1, 2]);
    expect(requireLockedValue(account, false)).toBe(false);
    expect(requireLockedValue(period, "2024-01-01~2024-12-31")).toBe("2024-01-01~2024-12-31");
    expect(requireLockedValue(period, { from: "2024-01-01", to: "2024-12-31" })).toEqual({
      from: "2024-01-01",
      to: "2024-12-31",
    });
    expect(requireLockedValue(day, "2024-03-01")).toBe("2024-03-01");
  });
});

describe("lockedValuesFromToken", () => {
  it("takes each locked value from the token and refuses an empty one", () => {
    expect(lockedValuesFromToken([account, status], { account_id: 4 })).toEqual({
      account_id: 4,
    });
    expect(() => lockedValuesFromToken([account, status], { account_id: "" })).toThrow(
      expect.objectContaining({ code: "guest_parameter_invalid" }),
    );
    expect(() => lockedValuesFromToken([account], {})).toThrow(
      expect.objectContaining({ code: "guest_parameter_invalid" }),
    );
  });

  it("refuses a signed value for a parameter the embed does not lock (it would filter nothing)", () => {
    for (const params of [
      { account_id: 4, status: "x" },
      { account_id: 4, tenant_id: 999 },
    ]) {
      expect(() => lockedValuesFromToken([account, status], params)).toThrow(
        expect.objectContaining({ code: "guest_parameter_invalid", status: 400 }),
      );
    }
    // A question without parameters: a host that signs account_id expects it to restrict.
    expect(() => lockedValuesFromToken([], { account_id: 4 })).toThrow(
      expect.objectContaining({ code: "guest_parameter_invalid" }),
    );
    expect(lockedValuesFromToken([], {})).toEqual({});
  });

  it("refuses a request that sets a locked or disabled parameter", () => {
    const disabled: DashboardParameter = { ...status, id: "d", slug: "d", embedding: undefined };
    const parameters = [account, status, disabled];
    expect(() =>
      mergeGuestParameterValues(parameters, { account_id: 4 }, { account_id: 1 }),
    ).toThrow(expect.objectContaining({ code: "parameter_locked" }));
    expect(() => mergeGuestParameterValues(parameters, { account_id: 4 }, { d: 1 })).toThrow(
      expect.objectContaining({ code: "parameter_disabled" }),
    );
    expect(mergeGuestParameterValues(parameters, { account_id: 4 }, { status: "a" })).toEqual({
      status: "a",
      account_id: 4,
    });
  });
});

describe("requireLockedParametersMapped (THE rule for admin changes and guest queries)", () => {
  it("refuses a card that reads a table and that a locked parameter does not filter, by name", () => {
    expect(() =>
      requireLockedParametersMapped(
        [account, status],
        [
          { name: "Orders", readsTable: true, mappings: [toAccount] },
          { name: "All invoices", readsTable: true, mappings: [] },
        ],
      ),
    ).toThrow(
      expect.objectContaining({
        code: "locked_parameter_unmapped",
        publicMessage: expect.stringContaining('"All invoices"'),
      }),
    );
  });

  it("passes when every table-reading card is mapped, and ignores cards guests never run", () => {
    expect(() =>
      requireLockedParametersMapped(
        [account, status],
        [
          { name: "Orders", readsTable: true, mappings: [toAccount] },
          { name: "Native", readsTable: false, mappings: [] },
        ],
      ),
    ).not.toThrow();
    // Only locked parameters bind: an unmapped editable one is the admin's choice.
    expect(() =>
      requireLockedParametersMapped([status], [{ name: "Orders", readsTable: true, mappings: [] }]),
    ).not.toThrow();
  });
});

describe("filtersForCard for a guest (fails closed at query time)", () => {
  const locked = (readsTable = true) => ({
    slugs: new Set(["account_id"]),
    card: { name: "Orders", readsTable },
  });

  it("filters by the locked value", () => {
    expect(filtersForCard([account], [toAccount], { account_id: 4 }, locked())).toEqual([
      ["=", "account_id", 4],
    ]);
  });

  it("refuses, rather than running unfiltered, a locked value that filters nothing", () => {
    for (const value of ["", null, [], undefined]) {
      expect(() => filtersForCard([account], [toAccount], { account_id: value }, locked())).toThrow(
        expect.objectContaining({ code: "guest_parameter_invalid" }),
      );
    }
    // A signed-in user's empty value still means "no filter" (not a guest, nothing locked).
    expect(filtersForCard([account], [toAccount], { account_id: "" })).toEqual([]);
  });

  it("refuses a card the locked parameter does not reach", () => {
    expect(() => filtersForCard([account], [], { account_id: 4 }, locked())).toThrow(
      expect.objectContaining({ code: "locked_parameter_unmapped" }),
    );
  });
});

describe("a question's parameters in the admin API", () => {
  it("may be changed alone (a patch without a query)", () => {
    const parsed = UpdateCardSchema.safeParse({
      parameters: [{ ...account, target: { column: "account_id" } }],
    });
    expect(parsed.success).toBe(true);
  });

  it("must each name a target and have unique slugs", () => {
    expect(UpdateCardSchema.safeParse({ parameters: [account] }).success).toBe(false);
    const target = { column: "account_id" };
    expect(
      UpdateCardSchema.safeParse({
        parameters: [
          { ...account, target },
          { ...account, id: "other", target },
        ],
      }).success,
    ).toBe(false);
  });
});

describe("a question's own parameters", () => {
  const parameters = [
    { ...account, target: { column: "account_id" } },
    { ...status, target: { column: "status" } },
  ];
  const locked = { slugs: new Set(["account_id"]), card: { name: "Q", readsTable: true } };

  it("become filters through the dashboards' rule, the locked one always applied", () => {
    expect(
      filtersForCard(
        parameters,
        cardParameterMappings(parameters),
        {
          account_id: 4,
          status: "delivered",
        },
        locked,
      ),
    ).toEqual([
      ["=", "account_id", 4],
      ["=", "status", "delivered"],
    ]);
    expect(() =>
      filtersForCard(parameters, cardParameterMappings(parameters), { account_id: " " }, locked),
    ).toThrow(expect.objectContaining({ code: "guest_parameter_invalid" }));
  });
});
