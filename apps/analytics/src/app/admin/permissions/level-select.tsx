"use client";

import { useEffect, useState } from "react";
import { PutPermissionSchema } from "~/shared/admin-schemas/policies";
import { ActionMessage } from "../_components/action-message";
import { fieldStyle } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

const LEVEL_TEXT = {
  none: "none",
  full: "full",
  sandboxed: "sandboxed",
} as const;
type Level = keyof typeof LEVEL_TEXT;

/** One grid cell's level: saved as soon as it changes, its outcome shown in the cell. */
export function LevelSelect(props: {
  groupId: number;
  groupName: string;
  tableId: number;
  tableName: string;
  level: Level;
}) {
  const [value, setValue] = useState<Level>(props.level);
  const { pending, outcome, run } = useAdminAction();
  // After the page re-renders, show what is stored.
  useEffect(() => setValue(props.level), [props.level]);

  async function change(next: Level) {
    setValue(next);
    const result = await run(
      "/api/admin/permissions",
      { method: "PUT", body: { groupId: props.groupId, tableId: props.tableId, level: next } },
      { schema: PutPermissionSchema, success: () => `Saved: ${LEVEL_TEXT[next]}.` },
    );
    if (result && !result.ok) setValue(props.level);
  }

  return (
    <div style={{ display: "grid", gap: 4 }}>
      <select
        value={value}
        disabled={pending}
        onChange={(event) => change(event.target.value as Level)}
        aria-label={`Access of ${props.groupName} to ${props.tableName}`}
        data-testid={`level-${props.groupName}-${props.tableName}`}
        style={fieldStyle}
      >
        {(Object.keys(LEVEL_TEXT) as Level[]).map((level) => (
          <option key={level} value={level}>
            {LEVEL_TEXT[level]}
          </option>
        ))}
      </select>
      <ActionMessage outcome={outcome} testId={`cell-${props.groupName}-${props.tableName}`} />
    </div>
  );
}
