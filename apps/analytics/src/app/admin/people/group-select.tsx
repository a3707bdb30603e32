"use client";

import type { CSSProperties } from "react";
import { fieldStyle } from "../_components/styles";

/** A group picker with an empty "Choose a group" first: the People page's forms share it. */
export function GroupSelect(props: {
  groups: { id: number; name: string }[];
  value: string;
  onChange: (value: string) => void;
  id?: string;
  style?: CSSProperties;
}) {
  return (
    <select
      id={props.id}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      style={{ ...fieldStyle, ...props.style }}
    >
      <option value="">Choose a group</option>
      {props.groups.map((group) => (
        <option key={group.id} value={group.id}>
          {group.name}
        </option>
      ))}
    </select>
  );
}
