import type { ClientErrorCode, ErrorCode } from "@embed/contracts";
import type { ComponentType } from "react";

/**
 * A stable error code: one the API answers with (`dashboard_not_found`, `token_expired`, …) or
 * one the SDK reports itself (`jwt_provider_failed`, `network_error`, `invalid_response`).
 */
export type EmbedErrorCode = ErrorCode | ClientErrorCode;

/** An error as state: branch on `code`, show `message`. `status` is the HTTP status, if any. */
export interface EmbedError {
  code: EmbedErrorCode;
  message: string;
  status?: number;
  requestId?: string;
}

/** The state of every data hook: loading, then success or error (errors are state, not throws). */
export type EmbedQueryState<T> =
  | {
      status: "loading";
      data: undefined;
      error: null;
      isFetching: boolean;
      refetch: () => void;
    }
  | { status: "success"; data: T; error: null; isFetching: boolean; refetch: () => void }
  | {
      status: "error";
      data: T | undefined;
      error: EmbedError;
      isFetching: boolean;
      refetch: () => void;
    };

/** Options every data hook takes. */
export interface EmbedQueryOptions {
  /** `false` keeps the hook idle (e.g. until an id is known). Default `true`. */
  enabled?: boolean;
  /** Opt in to throwing the error to the nearest error boundary instead of returning it. */
  throwOnError?: boolean;
}

/** `GET /api/user/current`. */
export interface CurrentUser {
  id: number;
  email: string;
  firstName: string | null;
  lastName: string | null;
  groups: Array<{ id: number; name: string }>;
  attributes: Record<string, unknown>;
  isAdmin: boolean;
}

/** How a dashboard filter reads its value. */
export type DashboardParameterType = "category" | "number" | "date/range" | "date/single" | "text";

/** One filter of a dashboard. */
export interface DashboardParameter {
  id: string;
  slug: string;
  name: string;
  type: DashboardParameterType;
  default: unknown;
}

/** A card's place on the dashboard's 24-column grid (`h` in grid rows). */
export interface CardLayout {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A card on a dashboard. `id` is the dashcard id used by the query routes. */
export interface DashboardCard {
  id: number;
  cardId: number;
  title: string;
  description?: string | null;
  display: string;
  visualizationSettings?: Record<string, unknown>;
  layout: CardLayout;
  parameterMappings: Array<{ parameterId: string; target: { column: string } }>;
}

/** `GET /api/dashboard/:id`. */
export interface DashboardData {
  id: number;
  name: string;
  description: string | null;
  parameters: DashboardParameter[];
  cards: DashboardCard[];
}

/** `GET /api/card/:id`: a saved question (`query` only for admins). */
export interface QuestionData {
  id: number;
  name: string;
  description: string | null;
  display: string;
  queryKind: string;
  visualizationSettings?: Record<string, unknown>;
  collectionId: number | null;
  query?: unknown;
  dataSourceId?: number;
}

/** A column of a result; `type` is the semantic type (`number`, `date`, `category`, …). */
export interface ResultColumn {
  name: string;
  displayName: string;
  type: string;
}

/** Every query's answer: columns, rows (arrays in column order), and whether rows were cut. */
export interface QueryResult {
  columns: ResultColumn[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
}

/** The values a dashboard filter may take. */
export interface ParameterValues {
  values: unknown[];
  truncated: boolean;
}

/** An entry of a collection. */
export interface CollectionItem {
  id: number;
  model: "dashboard" | "card" | "collection";
  name: string;
  description: string | null;
}

/** Dashboard filter values by slug. `date/range`: `"2025-01-01~2025-03-31"` (either side may be empty). */
export type ParameterValueMap = Record<string, unknown>;

/**
 * A structured query for `POST /api/dataset` (see the query package's grammar): a source table,
 * filters, aggregations, breakouts, order and limit.
 */
export interface StructuredQuery {
  source: string;
  joins?: Array<{ table: string; via?: string }>;
  filters?: unknown[][];
  aggregations?: unknown[][];
  breakouts?: Array<string | [string, string]>;
  orderBy?: unknown[][];
  limit?: number;
}

/** The theme: colours, type, shape and chart palette, applied as CSS variables on the SDK's root. */
export interface Theme {
  mode?: "light" | "dark";
  /** Any CSS colour, including `var(--your-brand)`. */
  colors?: {
    brand?: string;
    background?: string;
    surface?: string;
    text?: string;
    textSecondary?: string;
    border?: string;
    error?: string;
  };
  fontFamily?: string;
  /** Base font size, e.g. `"14px"`. */
  fontSize?: string;
  /** Corner radius, e.g. `"8px"`. */
  radius?: string;
  /** Base spacing unit, e.g. `"8px"`. */
  spacing?: string;
  /** Series colours, in order; cycled when a chart has more series. */
  chartColors?: string[];
}

/** What is loading, empty or failing: lets one slot component tell the places apart. */
export type EmbedStateTarget =
  | "auth"
  | "dashboard"
  | "card"
  | "question"
  | "collection"
  | "drill"
  | "user";

/** Props of the `Loading` slot. */
export interface LoadingStateProps {
  target: EmbedStateTarget;
}
/** Props of the `Empty` slot. */
export interface EmptyStateProps {
  target: EmbedStateTarget;
  message: string;
}
/** Props of the `Error` slot. */
export interface ErrorStateProps {
  target: EmbedStateTarget;
  error: EmbedError;
  /** Tries again (refetches); absent where retrying cannot help. */
  retry?: () => void;
}

/**
 * Replaceable pieces of every component: pass your own to restyle or replace the loading, empty
 * and error states (per component, or once on `EmbedProvider`).
 */
export interface EmbedComponents {
  Loading: ComponentType<LoadingStateProps>;
  Empty: ComponentType<EmptyStateProps>;
  Error: ComponentType<ErrorStateProps>;
}
