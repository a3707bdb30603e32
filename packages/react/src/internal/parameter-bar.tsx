import { type KeyboardEvent, useEffect, useId, useState } from "react";
import type { DashboardParameter, ParameterValueMap } from "../types";
import { useParameterValues } from "../use-parameter-values";
import { parseDateRange } from "./date-range";

export interface ParameterBarProps {
  parameters: DashboardParameter[];
  values: ParameterValueMap;
  onChange: (slug: string, value: unknown) => void;
  /** Set for signed-in dashboards: category filters list the server's values. */
  dashboardId?: number | undefined;
}

/** The dashboard's filters: category lists, date ranges (`from~to`), dates, numbers, text. */
export function ParameterBar({ parameters, values, onChange, dashboardId }: ParameterBarProps) {
  if (parameters.length === 0) return null;
  return (
    <fieldset className="embed-params" style={{ border: 0, padding: 0, minWidth: 0 }}>
      <legend className="embed-visually-hidden">Filters</legend>
      {parameters.map((parameter) => {
        // Absent means "the dashboard's default"; "" means "no filter" (the server skips it).
        const value = parameter.slug in values ? values[parameter.slug] : parameter.default;
        const change = (next: unknown) => onChange(parameter.slug, next);
        return (
          <ParameterInput
            key={parameter.slug}
            parameter={parameter}
            value={value}
            onChange={change}
            dashboardId={dashboardId}
          />
        );
      })}
    </fieldset>
  );
}

interface InputProps {
  parameter: DashboardParameter;
  value: unknown;
  onChange: (value: unknown) => void;
  dashboardId?: number | undefined;
}

function ParameterInput(props: InputProps) {
  const { parameter } = props;
  if (parameter.type === "date/range") return <DateRangeInput {...props} />;
  if (parameter.type === "category" && props.dashboardId !== undefined) {
    return <CategorySelect {...props} dashboardId={props.dashboardId} />;
  }
  return <TextInput {...props} />;
}

function CategorySelect({
  parameter,
  value,
  onChange,
  dashboardId,
}: InputProps & { dashboardId: number }) {
  const id = useId();
  const options = useParameterValues(dashboardId, parameter.slug);
  const current = value === null || value === undefined ? "" : String(value);
  const choices = options.data?.values ?? [];
  return (
    <label className="embed-param" htmlFor={id} data-embed-parameter={parameter.slug}>
      {parameter.name}
      <select
        id={id}
        className="embed-input"
        value={current}
        aria-busy={options.status === "loading"}
        onChange={(event) => {
          const picked = choices.find((choice) => String(choice) === event.target.value);
          onChange(event.target.value === "" ? "" : (picked ?? event.target.value));
        }}
      >
        <option value="">All</option>
        {current !== "" && !choices.some((choice) => String(choice) === current) ? (
          <option value={current}>{current}</option>
        ) : null}
        {choices.map((choice) => (
          <option key={String(choice)} value={String(choice)}>
            {String(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Text and numbers commit on Enter or blur, not on every keystroke (each commit runs queries). */
function TextInput({ parameter, value, onChange }: InputProps) {
  const id = useId();
  const shown = value === null || value === undefined ? "" : String(value);
  const [draft, setDraft] = useState(shown);
  useEffect(() => setDraft(shown), [shown]);
  const isNumber = parameter.type === "number";
  const commit = () => {
    if (draft === shown) return;
    if (isNumber && draft !== "" && !Number.isNaN(Number(draft))) onChange(Number(draft));
    else onChange(draft);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") commit();
  };
  return (
    <label className="embed-param" htmlFor={id} data-embed-parameter={parameter.slug}>
      {parameter.name}
      <input
        id={id}
        className="embed-input"
        type={isNumber ? "number" : parameter.type === "date/single" ? "date" : "text"}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
    </label>
  );
}

function DateRangeInput({ parameter, value, onChange }: InputProps) {
  const { from, to } = parseDateRange(value);
  const update = (nextFrom: string, nextTo: string) =>
    onChange(nextFrom || nextTo ? `${nextFrom}~${nextTo}` : "");
  return (
    <fieldset
      className="embed-param"
      style={{ margin: 0, padding: 0, border: 0 }}
      data-embed-parameter={parameter.slug}
    >
      <legend style={{ padding: 0 }}>{parameter.name}</legend>
      <span className="embed-param-range">
        <input
          className="embed-input"
          type="date"
          aria-label={`${parameter.name} from`}
          value={from}
          onChange={(event) => update(event.target.value, to)}
        />
        <span aria-hidden="true">–</span>
        <input
          className="embed-input"
          type="date"
          aria-label={`${parameter.name} to`}
          value={to}
          onChange={(event) => update(from, event.target.value)}
        />
      </span>
    </fieldset>
  );
}
