import type { DashboardParameter } from "~/server/content/parameters";

/**
 * The parameter bar of the server-rendered dashboard pages: a plain GET form, so it works before
 * (and without) JavaScript; values arrive as search params.
 */
export function ParameterForm({
  parameters,
  values,
}: {
  parameters: DashboardParameter[];
  values: Record<string, string | string[] | undefined>;
}) {
  if (parameters.length === 0) return null;
  return (
    <form style={{ display: "flex", gap: 12, flexWrap: "wrap", marginBottom: 16 }}>
      {parameters.map((parameter) => (
        <label key={parameter.slug} style={{ display: "grid", gap: 2, fontSize: 13 }}>
          {parameter.name}
          <input
            name={parameter.slug}
            defaultValue={
              typeof values[parameter.slug] === "string" ? (values[parameter.slug] as string) : ""
            }
            placeholder={parameter.type === "date/range" ? "2025-01-01~2025-12-31" : ""}
            style={{ padding: "4px 6px" }}
          />
        </label>
      ))}
      <button type="submit" style={{ alignSelf: "end", padding: "5px 12px" }}>
        Apply
      </button>
    </form>
  );
}

/** The search params that set one of `parameters` (non-empty strings only). */
export function parameterValuesFrom(
  parameters: DashboardParameter[],
  query: Record<string, string | string[] | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    parameters
      .map((parameter) => [parameter.slug, query[parameter.slug]] as const)
      .filter(
        (entry): entry is readonly [string, string] =>
          typeof entry[1] === "string" && entry[1] !== "",
      ),
  );
}
