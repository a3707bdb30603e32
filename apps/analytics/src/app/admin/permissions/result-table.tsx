/** Rows as a warehouse returned them, in a table that scrolls inside its own box when wide. */
export function ResultTable(props: {
  columns: string[];
  rows: unknown[][];
  caption: string;
  testId: string;
}) {
  if (props.rows.length === 0) {
    return (
      <p style={{ margin: 0, color: "#475569" }} data-testid={`${props.testId}-empty`}>
        No rows.
      </p>
    );
  }
  const cell = {
    textAlign: "left",
    padding: "4px 8px",
    borderBottom: "1px solid #e2e8f0",
    whiteSpace: "nowrap",
  } as const;
  return (
    <section
      style={{ overflowX: "auto", maxWidth: "100%" }}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
      tabIndex={0}
      aria-label={props.caption}
    >
      <table
        style={{ borderCollapse: "collapse", fontSize: 13, fontFamily: "monospace" }}
        data-testid={props.testId}
      >
        <caption
          style={{
            textAlign: "left",
            fontFamily: "system-ui",
            color: "#475569",
            // A narrow result (one count) must not squeeze its caption into a column.
            whiteSpace: "nowrap",
          }}
        >
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column} scope="col" style={cell}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            // Rows have no identity of their own: their position is their key.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above.
            <tr key={index}>
              {row.map((value, column) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional too.
                <td key={column} style={cell}>
                  {value === null
                    ? "null"
                    : typeof value === "object"
                      ? JSON.stringify(value)
                      : String(value)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Bound parameters as `$n = value`, in order: what the warehouse receives besides the SQL. */
export function BoundParameters(props: { parameters: unknown[]; testId: string }) {
  if (props.parameters.length === 0) {
    return (
      <p style={{ margin: 0, color: "#475569" }} data-testid={props.testId}>
        No bound parameters.
      </p>
    );
  }
  return (
    <ul
      style={{ margin: 0, paddingLeft: 20, fontFamily: "monospace", fontSize: 13 }}
      data-testid={props.testId}
    >
      {props.parameters.map((value, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a parameter is its position.
        <li key={index}>
          ${index + 1} = {JSON.stringify(value)}
        </li>
      ))}
    </ul>
  );
}

export const sqlBlockStyle = {
  margin: 0,
  padding: 8,
  background: "#f1f5f9",
  borderRadius: 6,
  fontSize: 13,
  whiteSpace: "pre-wrap",
  overflowWrap: "anywhere",
} as const;
