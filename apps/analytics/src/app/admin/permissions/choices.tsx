"use client";

/** The set with `id` added, or removed when it was there: a ticked checkbox list's state. */
export function toggled(set: ReadonlySet<number>, id: number): Set<number> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** A labelled group of radio buttons, one choice at a time. */
export function RadioChoice<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset
      style={{ border: 0, padding: 0, margin: 0, display: "flex", gap: 16, flexWrap: "wrap" }}
    >
      <legend style={{ fontWeight: 600, marginBottom: 4 }}>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option.value} style={{ display: "flex", gap: 6, alignItems: "center" }}>
          <input
            type="radio"
            name={props.name}
            checked={props.value === option.value}
            onChange={() => props.onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
